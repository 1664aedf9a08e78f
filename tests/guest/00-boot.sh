# The guest runs the kernel we built, with the CPUs the host asked for.
. /tests/lib.sh

expect "kernel release is $KERNEL_RELEASE" [ "$(uname -r)" = "$KERNEL_RELEASE" ]
want=$(sed -n 's/.*evlcpus=\([0-9]*\).*/\1/p' /proc/cmdline)
have=$(grep -c '^processor' /proc/cpuinfo)
echo "cpus: asked $want, online $have"
expect "all CPUs online" [ "$have" = "$want" ]
