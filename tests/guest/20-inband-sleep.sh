# In-band timers keep their word: nanosleep sleeps the time asked.
. /tests/lib.sh

expect "sleep-check" sleep-check 20 50 "$VCPU_WAIT_MS"
