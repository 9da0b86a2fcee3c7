# The goldens' comparison under `make memcheck` (lib.sh's golden_near):
# numbers within 1e-12 of each other (relative) are the same, nothing else
# is.  Outside valgrind goldens are compared byte for byte.
. "$(dirname "$0")/lib.sh"

printf 'a,46.653333333333336,x\nb 1 -2.5e-3\n' >g
printf 'a,46.653333333333322,x\nb 1 -2.5e-3\n' >last_bits
printf 'a,46.6533333334,x\nb 1 -2.5e-3\n' >rounded
printf 'a,46.653333333333322,y\nb 1 -2.5e-3\n' >text
printf 'a,46.653333333333336,x\n' >shorter
printf 'a,46.653333333333336,x\nb 1 -2.5e-3 7\n' >more
golden_near g last_bits || fail "the last bits of a number made a difference"
for f in rounded text shorter more; do
    ! golden_near g $f || fail "golden_near took '$f' for the golden"
done
# expect_golden: byte for byte, unless under valgrind.
GOLDEN_DIR=$T
cp g near-golden
ATTAIN_VALGRIND=0
(expect_golden near-golden last_bits) >/dev/null 2>&1 && fail "expect_golden took a number's last bits outside valgrind"
ATTAIN_VALGRIND=1
(expect_golden near-golden last_bits) || fail "expect_golden under valgrind refused a number's last bits"
(expect_golden near-golden rounded) >/dev/null 2>&1 && fail "expect_golden under valgrind took a rounded number"
pass
