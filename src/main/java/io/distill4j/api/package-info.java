/**
 * distill4j as a Java library: each step of a distillation callable on its own.
 *
 * <ol>
 *   <li>{@link io.distill4j.api.Data}: a data set of labelled images ({@link io.distill4j.api.ImageData}:
 *       CIFAR-10/100, an image folder, Parquet tables of images, synthetic images), then
 *       {@link io.distill4j.api.ImageData#split} into train / validation / test with the training
 *       split's normalization ({@link io.distill4j.api.Splits}).</li>
 *   <li>{@link io.distill4j.api.Teachers}: train a registered architecture, load distill4j weights
 *       with their manifest, or load a TorchScript module exported from PyTorch.</li>
 *   <li>{@link io.distill4j.api.Students}: distill a student from the teacher with a registered
 *       method ({@link io.distill4j.api.DistillOptions}), or a student module of your own
 *       ({@link io.distill4j.api.StudentModule}).</li>
 *   <li>{@link io.distill4j.api.Evaluation}: a {@link io.distill4j.api.Score} on a part of the
 *       splits, or the test set's {@link io.distill4j.api.TestEvaluation}.</li>
 *   <li>{@link io.distill4j.api.TrainedModel#save} and {@link io.distill4j.api.TrainedModel#export}
 *       (ONNX, PyTorch, a DJL model directory); {@link io.distill4j.api.Models} loads and exports
 *       weights files.</li>
 * </ol>
 *
 * <h2>A closed surface</h2>
 * Every public signature here names only types of this package, of the JDK, and of the engine
 * where a student of your own needs it: JavaCPP's PyTorch {@code org.bytedeco.pytorch.Module} and
 * {@code Tensor} in {@link io.distill4j.api.StudentModule}. The other packages of the jar are
 * distill4j's insides and change without notice.
 *
 * <h2>Failures</h2>
 * <ul>
 *   <li>Bad input (an unknown name, a value out of range, a file or folder that cannot serve, a
 *       teacher of other classes) is an {@link io.distill4j.api.InvalidInputException}, unchecked,
 *       whose one-line message names the problem and the fix.</li>
 *   <li>A file that cannot be read or written is a {@link java.io.UncheckedIOException} wrapping the
 *       {@link java.io.IOException}. Nothing in this package throws a checked exception.</li>
 *   <li>Training whose loss becomes NaN or infinite stops with a
 *       {@link io.distill4j.api.DivergenceException}.</li>
 * </ul>
 *
 * <h2>Progress and resources</h2>
 * Nothing here prints. Training reports to the {@link io.distill4j.api.TrainingObserver}s passed
 * (each epoch's {@link io.distill4j.api.EpochReport}); a download or an image folder's first
 * decoding reports to the {@link io.distill4j.api.ProgressSink} passed, silently without one.
 * {@link io.distill4j.api.ImageData} and {@link io.distill4j.api.TrainedModel} are
 * {@link java.lang.AutoCloseable}: close them (try-with-resources) to release cache files and
 * native memory.
 *
 * <h2>Memory: set the allocator before the JVM starts</h2>
 * With glibc's default settings, libtorch's freed tensors go back to the kernel after every batch
 * and are page-faulted in again on the next: training step loops run up to 1.85× slower, the default
 * study 1.15× (measured on 2 cores). Start the JVM of a program that trains with distill4j with
 * {@link io.distill4j.api.NativeMemory#ENVIRONMENT}
 * ({@code MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=17179869184 MALLOC_TOP_PAD_=67108864};
 * {@code bin/distill} sets them for the command line). glibc reads them only at process start, so
 * they cannot be set from Java. They change no result: weights are bit-identical with and without
 * them. {@link io.distill4j.api.NativeMemory#keepsFreedMemory()} tells whether the running process
 * has them.
 */
package io.distill4j.api;
