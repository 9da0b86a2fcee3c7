# The README's "Allocation" section is real output: every `$ attain ...`
# line of its console block, run on the demo database (`attain demo`, the
# default seed and paths), prints exactly the lines that follow it up to the
# next `$ ` line (stdout and stderr as a terminal shows them); `$ echo $?`
# prints the previous command's exit status.
. "$(dirname "$0")/lib.sh"

demo_db "$T/attain-demo" # the data of `attain demo`, without its bulletin
export ATTAIN_DB="$T/attain-demo/attain.db"
expect_readme_section Allocation 3
pass
