# Writes a 200 × 4,000,000 8-bit grey PNG (argument 1) and 64 × 64 ones (the other arguments), streaming
# (no image library): the fixture of the "a strip in a folder" measurement in docs/images.md.
import zlib, struct, sys
def png(path, w, h, row):
    def chunk(t, d):
        c = struct.pack('>I', len(d)) + t + d
        return c + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n')
        f.write(chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0)))  # 8-bit gray
        z = zlib.compressobj(6)
        buf = []
        out = bytearray()
        for y in range(h):
            out += b'\x00' + row(y)
            if len(out) > 1 << 22:
                data = z.compress(bytes(out)); out = bytearray()
                if data: f.write(chunk(b'IDAT', data))
        data = z.compress(bytes(out)) + z.flush()
        f.write(chunk(b'IDAT', data))
        f.write(chunk(b'IEND', b''))
rows = [bytes((x * 7 + k * 13) & 255 for x in range(200)) for k in range(256)]
png(sys.argv[1], 200, 4_000_000, lambda y: rows[y & 255])
small = [bytes((x * 3 + k) & 255 for x in range(64)) for k in range(64)]
for p in sys.argv[2:]:
    png(p, 64, 64, lambda y: small[y])
