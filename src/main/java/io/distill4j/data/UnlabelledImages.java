package io.distill4j.data;

import java.util.List;

/**
 * Images without labels ({@code --unlabelled-dir}, read by {@link
 * io.distill4j.data.folder.UnlabelledFolder}): students distill from the teacher on them alone and
 * are validated and tested on a labelled dataset.
 *
 * @param images the images, in file-name order, without labels
 * @param fingerprint {@code unlabelled:<sha-256>} of the files (names, lengths, modification times)
 *     and the image size
 * @param skipped files left out, each with its reason
 */
public record UnlabelledImages(ImageSet images, String fingerprint, List<String> skipped) {
    /** Makes the list unmodifiable and checks that the images are unlabelled. */
    public UnlabelledImages {
        if (images.labelled()) {
            throw new IllegalArgumentException("unlabelled images carry no labels");
        }
        skipped = List.copyOf(skipped);
    }
}
