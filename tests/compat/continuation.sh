# Shared by the write.sh and run.sh of linux/, uboot/ and refs/: record what
# a restored arm64emu-boot run must print, check that it does, and fetch the
# pinned images. Sourced; $tmp is the caller's scratch directory.

# pinned_images FETCH_LINUX WHAT: the directory of fetch-linux --pinned's
# images on stdout; exits 77 (skipped) when they cannot be fetched.
pinned_images() {
    "$1" --pinned >"$tmp/fetch.out" 2>"$tmp/fetch.err"
    fst=$?
    if [ $fst = 77 ]; then
        echo "SKIP: cannot fetch the pinned $2:" >&2
        cat "$tmp/fetch.err" >&2
        exit 77
    fi
    [ $fst = 0 ] ||
        { cat "$tmp/fetch.err" >&2; echo "FAIL: fetch-linux --pinned status $fst" >&2; exit 1; }
    tail -1 "$tmp/fetch.out"
}

# The end line of a run from its --stats stderr: "exit ST instructions N".
run_end() { # STATUS ERR
    echo "exit $1 instructions $(sed -n 's/^instructions \([0-9]*\),.*/\1/p' "$2")"
}

# record_continuation OUT ERR BASE: BASE.expected gets the console bytes
# printed after the save message's count, BASE.end the run's end line.
record_continuation() {
    k=$(sed -n "s/.*saved .* after \([0-9]*\) console bytes.*/\1/p" "$2")
    [ -n "$k" ] || { cat "$2"; echo "no save message"; exit 1; }
    tail -c +$((k + 1)) "$1" >"$3.expected"
    run_end 0 "$2" >"$3.end"
}

# check_continuation OUT ERR STATUS BASE WHAT: the restored run printed
# BASE.expected and ended as BASE.end says, else FAIL and exit 1.
check_continuation() {
    end=$(run_end "$3" "$2")
    if ! cmp -s "$1" "$4.expected" || [ "$end" != "$(cat "$4.end")" ]; then
        echo "FAIL: the restored $5 does not continue as recorded"
        echo "want: $(cat "$4.end"); got: $end"
        diff "$4.expected" "$1" | head -40
        cat "$2"
        exit 1
    fi
}
