/**
 * distill4j as a Java library: each step of a distillation callable on its own.
 *
 * <ol>
 *   <li>{@link io.distill4j.api.Data}: load a dataset (CIFAR-10/100, an image folder, Parquet tables of images, synthetic
 *       images) and split it into train / validation / test with the training split's
 *       normalization ({@link io.distill4j.data.TrainingSplits}).</li>
 *   <li>{@link io.distill4j.api.Teachers}: train a registered architecture, load distill4j weights
 *       with their manifest, or load a TorchScript module exported from PyTorch.</li>
 *   <li>{@link io.distill4j.api.Students}: train a student against the teacher with a registered
 *       method ({@link io.distill4j.api.DistillOptions}).</li>
 *   <li>{@link io.distill4j.api.Evaluation}: accuracy on a split, or the test set's deeper
 *       evaluation.</li>
 *   <li>{@link io.distill4j.api.Models}: save a model with its manifest, load it, export it as
 *       ONNX, PyTorch or a DJL model directory.</li>
 * </ol>
 *
 * <p>Training reports progress to {@link io.distill4j.train.TrainingListener}s and prints nothing.
 * Bad input (an unknown name, a value out of range, a teacher of other classes) is an
 * {@link io.distill4j.BadInputException} whose one-line message names the problem and the fix.
 * Nothing on this path needs the command line, charts or HTML reports.
 *
 * <h2>Memory: set the allocator before the JVM starts</h2>
 * With glibc's default settings, libtorch's freed tensors go back to the kernel after every batch
 * and are page-faulted in again on the next: training step loops run up to 1.85× slower, the default
 * study 1.15× (measured on 2 cores).
 * Start the JVM of a program that trains with distill4j with
 * {@code MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=17179869184 MALLOC_TOP_PAD_=67108864}
 * in its environment ({@link io.distill4j.Allocator#KEEP_FREED_MEMORY}; {@code bin/distill} sets
 * them for the command line). glibc reads them only at process start, so they cannot be set from
 * Java. They change no result: weights are bit-identical with and without them.
 * {@link io.distill4j.Allocator#keepsFreedMemory()} tells whether the running process has them, and
 * every run's provenance records it.
 */
package io.distill4j.api;
