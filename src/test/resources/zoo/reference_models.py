"""The CIFAR model zoo as RepDistiller defines it (HobbitLong/RepDistiller, models/), restated for the tests:
the same modules under the same attribute names (so the same state_dict keys), the same forward pass, the
fixed-size average poolings included. Tests write checkpoints with it and compare distill4j's import."""
import torch
import torch.nn.functional as F
from torch import nn


def conv(i, o, k, s=1, p=0, g=1, bias=False):
    return nn.Conv2d(i, o, kernel_size=k, stride=s, padding=p, groups=g, bias=bias)


class ResBlock(nn.Module):
    def __init__(self, i, o, s):
        super().__init__()
        self.conv1, self.bn1 = conv(i, o, 3, s, 1), nn.BatchNorm2d(o)
        self.conv2, self.bn2 = conv(o, o, 3, 1, 1), nn.BatchNorm2d(o)
        self.downsample = nn.Sequential(conv(i, o, 1, s), nn.BatchNorm2d(o)) if s != 1 or i != o else None

    def forward(self, x):
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(out + (x if self.downsample is None else self.downsample(x)))


class ResNet(nn.Module):
    def __init__(self, depth, w, classes):
        super().__init__()
        n = (depth - 2) // 6
        self.conv1, self.bn1 = conv(3, w[0], 3, 1, 1), nn.BatchNorm2d(w[0])
        i = w[0]
        for stage in range(1, 4):
            blocks = []
            for b in range(n):
                blocks.append(ResBlock(i, w[stage], 2 if stage > 1 and b == 0 else 1))
                i = w[stage]
            setattr(self, "layer%d" % stage, nn.Sequential(*blocks))
        self.fc = nn.Linear(i, classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(F.avg_pool2d(x, 8).flatten(1))


class WrnBlock(nn.Module):
    def __init__(self, i, o, s):
        super().__init__()
        self.bn1, self.conv1 = nn.BatchNorm2d(i), conv(i, o, 3, s, 1)
        self.bn2, self.conv2 = nn.BatchNorm2d(o), conv(o, o, 3, 1, 1)
        self.equal = i == o
        self.convShortcut = None if self.equal else conv(i, o, 1, s)

    def forward(self, x):
        a = F.relu(self.bn1(x))
        out = self.conv2(F.relu(self.bn2(self.conv1(a))))
        return out + (x if self.equal else self.convShortcut(a))


class WrnStage(nn.Module):
    def __init__(self, n, i, o, s):
        super().__init__()
        self.layer = nn.Sequential(*[WrnBlock(i if b == 0 else o, o, s if b == 0 else 1) for b in range(n)])

    def forward(self, x):
        return self.layer(x)


class WideResNet(nn.Module):
    def __init__(self, depth, k, classes):
        super().__init__()
        n, c = (depth - 4) // 6, [16, 16 * k, 32 * k, 64 * k]
        self.conv1 = conv(3, 16, 3, 1, 1)
        self.block1, self.block2, self.block3 = WrnStage(n, c[0], c[1], 1), WrnStage(n, c[1], c[2], 2), WrnStage(n, c[2], c[3], 2)
        self.bn1, self.fc = nn.BatchNorm2d(c[3]), nn.Linear(c[3], classes)

    def forward(self, x):
        x = self.block3(self.block2(self.block1(self.conv1(x))))
        return self.fc(F.avg_pool2d(F.relu(self.bn1(x)), 8).flatten(1))


VGG = {"vgg8": [[64], [128], [256], [512], [512]], "vgg11": [[64], [128], [256, 256], [512, 512], [512, 512]],
       "vgg13": [[64, 64], [128, 128], [256, 256], [512, 512], [512, 512]],
       "vgg16": [[64, 64], [128, 128], [256] * 3, [512] * 3, [512] * 3],
       "vgg19": [[64, 64], [128, 128], [256] * 4, [512] * 4, [512] * 4]}


class Vgg(nn.Module):
    def __init__(self, cfg, classes):
        super().__init__()
        i = 3
        for k, widths in enumerate(cfg):
            layers = []
            for w in widths:
                layers += [conv(i, w, 3, 1, 1, bias=True), nn.BatchNorm2d(w), nn.ReLU()]
                i = w
            setattr(self, "block%d" % k, nn.Sequential(*layers[:-1]))
        self.classifier = nn.Linear(512, classes)

    def forward(self, x):
        for k in range(5):
            x = F.relu(getattr(self, "block%d" % k)(x))
            if k < 3:
                x = F.max_pool2d(x, 2, 2)
        return self.classifier(F.adaptive_avg_pool2d(x, 1).flatten(1))


class Inverted(nn.Module):
    def __init__(self, i, o, s, t):
        super().__init__()
        h = i * t
        self.res = s == 1 and i == o
        self.conv = nn.Sequential(conv(i, h, 1), nn.BatchNorm2d(h), nn.ReLU(), conv(h, h, 3, s, 1, h), nn.BatchNorm2d(h),
                                  nn.ReLU(), conv(h, o, 1), nn.BatchNorm2d(o))

    def forward(self, x):
        return x + self.conv(x) if self.res else self.conv(x)


class MobileHalf(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.conv1 = nn.Sequential(conv(3, 16, 3, 2, 1), nn.BatchNorm2d(16), nn.ReLU())
        self.blocks, i = nn.ModuleList(), 16
        for t, c, n, s in [[1, 16, 1, 1], [6, 24, 2, 1], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]]:
            layers = []
            for b in range(n):
                layers.append(Inverted(i, c // 2, s if b == 0 else 1, t))
                i = c // 2
            self.blocks.append(nn.Sequential(*layers))
        self.conv2 = nn.Sequential(conv(i, 1280, 1), nn.BatchNorm2d(1280), nn.ReLU())
        self.classifier = nn.Sequential(nn.Linear(1280, classes))

    def forward(self, x):
        x = self.conv1(x)
        for b in self.blocks:
            x = b(x)
        return self.classifier(F.avg_pool2d(self.conv2(x), 2, ceil_mode=True).flatten(1))


def shuffle(x, g):
    n, c, h, w = x.size()
    return x.view(n, g, c // g, h, w).permute(0, 2, 1, 3, 4).reshape(n, c, h, w)


class V1Unit(nn.Module):
    def __init__(self, i, o, s, groups):
        super().__init__()
        m, self.g, self.s = o // 4, 1 if i == 24 else groups, s
        self.conv1, self.bn1 = conv(i, m, 1, g=self.g), nn.BatchNorm2d(m)
        self.conv2, self.bn2 = conv(m, m, 3, s, 1, m), nn.BatchNorm2d(m)
        self.conv3, self.bn3 = conv(m, o, 1, g=groups), nn.BatchNorm2d(o)

    def forward(self, x):
        out = shuffle(F.relu(self.bn1(self.conv1(x))), self.g)
        out = self.bn3(self.conv3(F.relu(self.bn2(self.conv2(out)))))
        return F.relu(torch.cat([out, F.avg_pool2d(x, 3, 2, 1)], 1) if self.s == 2 else out + x)


class ShuffleV1(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.conv1, self.bn1, i = conv(3, 24, 1), nn.BatchNorm2d(24), 24
        for stage, (o, n) in enumerate(zip([240, 480, 960], [4, 8, 4]), 1):
            units = []
            for b in range(n):
                units.append(V1Unit(i, o - (i if b == 0 else 0), 2 if b == 0 else 1, 3))
                i = o
            setattr(self, "layer%d" % stage, nn.Sequential(*units))
        self.linear = nn.Linear(960, classes)

    def forward(self, x):
        x = self.layer3(self.layer2(self.layer1(F.relu(self.bn1(self.conv1(x))))))
        return self.linear(F.avg_pool2d(x, 4).flatten(1))


class V2Unit(nn.Module):
    def __init__(self, c):
        super().__init__()
        h = c // 2
        self.conv1, self.bn1 = conv(h, h, 1), nn.BatchNorm2d(h)
        self.conv2, self.bn2 = conv(h, h, 3, 1, 1, h), nn.BatchNorm2d(h)
        self.conv3, self.bn3 = conv(h, h, 1), nn.BatchNorm2d(h)

    def forward(self, x):
        h = x.size(1) // 2
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x[:, h:])))))
        return shuffle(torch.cat([x[:, :h], F.relu(self.bn3(self.conv3(out)))], 1), 2)


class V2Down(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        m = o // 2
        self.conv1, self.bn1 = conv(i, i, 3, 2, 1, i), nn.BatchNorm2d(i)
        self.conv2, self.bn2 = conv(i, m, 1), nn.BatchNorm2d(m)
        self.conv3, self.bn3 = conv(i, m, 1), nn.BatchNorm2d(m)
        self.conv4, self.bn4 = conv(m, m, 3, 2, 1, m), nn.BatchNorm2d(m)
        self.conv5, self.bn5 = conv(m, m, 1), nn.BatchNorm2d(m)

    def forward(self, x):
        left = F.relu(self.bn2(self.conv2(self.bn1(self.conv1(x)))))
        right = self.bn4(self.conv4(F.relu(self.bn3(self.conv3(x)))))
        return shuffle(torch.cat([left, F.relu(self.bn5(self.conv5(right)))], 1), 2)


class ShuffleV2(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.conv1, self.bn1, i = conv(3, 24, 1), nn.BatchNorm2d(24), 24
        for stage, (o, n) in enumerate(zip([116, 232, 464], [3, 7, 3]), 1):
            setattr(self, "layer%d" % stage, nn.Sequential(V2Down(i, o), *[V2Unit(o) for _ in range(n)]))
            i = o
        self.conv2, self.bn2, self.linear = conv(464, 1024, 1), nn.BatchNorm2d(1024), nn.Linear(1024, classes)

    def forward(self, x):
        x = self.layer3(self.layer2(self.layer1(F.relu(self.bn1(self.conv1(x))))))
        return self.linear(F.avg_pool2d(F.relu(self.bn2(self.conv2(x))), 4).flatten(1))


def create(name, classes):
    narrow, wide = [16, 16, 32, 64], [32, 64, 128, 256]
    if name.startswith("resnet"):
        depth = int(name[6:].replace("x4", ""))
        return ResNet(depth, wide if name.endswith("x4") else narrow, classes)
    if name.startswith("wrn-"):
        _, depth, k = name.split("-")
        return WideResNet(int(depth), int(k), classes)
    if name in VGG:
        return Vgg(VGG[name], classes)
    return {"mobilenetv2": MobileHalf, "shufflenetv1": ShuffleV1, "shufflenetv2": ShuffleV2}[name](classes)
