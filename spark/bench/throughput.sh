#!/usr/bin/env bash
# Teacher-output throughput (views/s): the single-process `distill teacher-outputs` against the Spark
# job in local mode, same data, teacher and cores; one seed, one epoch of views each, one after the other.
#
#   spark/bench/throughput.sh WORK_DIR LOCAL_THREADS [study settings … --teacher FILE]
#
# Needs target/distill4j.jar (mvn package), spark/target/distill4j-spark.jar and Spark's class path in
# spark/target/spark-classpath.txt (cd spark && mvn package dependency:build-classpath
# -Dmdep.outputFile=target/spark-classpath.txt -Dmdep.includeScope=provided). The Spark job starts
# through org.apache.spark.deploy.SparkSubmit, the class bin/spark-submit runs, with the Java 17
# options that spark-submit's launcher adds (JavaModuleOptions).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$1"; threads="$2"; shift 2
[ -e "$work" ] && { echo "error: $work exists: name a new work directory" >&2; exit 2; }
mkdir -p "$work"
opens="-XX:+IgnoreUnrecognizedVMOptions"
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
done
one=(--seeds 1 --student-epochs 1)
# Both sides keep freed tensor memory in the process, as bin/distill does (io.distill4j.Allocator); in local
# mode the executors are the driver's threads, so the driver's environment is theirs.
export MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=17179869184 MALLOC_TOP_PAD_=67108864

s0=$(date +%s.%N)
java -jar "$root/target/distill4j.jar" teacher-outputs "$@" "${one[@]}" --out "$work/single" 2> "$work/single.log"
s1=$(date +%s.%N)
java $opens -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true -Xmx8g \
  -cp "$(cat "$root/spark/target/spark-classpath.txt")" org.apache.spark.deploy.SparkSubmit \
  --master "local[$threads]" --conf spark.ui.enabled=false --class io.distill4j.spark.SparkTeacherOutputs \
  "$root/spark/target/distill4j-spark.jar" "$@" "${one[@]}" --out "$work/spark" > "$work/spark.out" 2> "$work/spark.log"
s2=$(date +%s.%N)

single=$(grep -E '^seed 1, epoch 1/1: [0-9]+ views in' "$work/single.log" | awk '{print $5, $8}')
spark=$(grep -E '^views: [0-9]+ in ' "$work/spark.log" | awk '{print $2, $4}')
awk -v a="$single" -v b="$spark" -v w1="$(echo "$s1 - $s0" | bc)" -v w2="$(echo "$s2 - $s1" | bc)" -v n="$threads" 'BEGIN {
  split(a, x, " "); split(b, y, " ");
  printf "single process : %d views in %.1f s = %.0f views/s (command %.1f s)\n", x[1], x[2], x[1] / x[2], w1;
  printf "Spark local[%d]: %d views in %.1f s = %.0f views/s (command %.1f s)\n", n, y[1], y[2], y[1] / y[2], w2;
  printf "Spark / single : %.2f\n", (y[1] / y[2]) / (x[1] / x[2]);
}'
