#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test:
#   1. the optimized build (dev preset) and its ctest suite, then the Debian package built,
#      installed, checked and purged (tests/package/package.sh);
#   2. the same suite under AddressSanitizer and UndefinedBehaviorSanitizer (asan preset);
#   3. the codec's libFuzzer target for LEASEDESK_FUZZ_SECONDS (default 60) from the golden
#      packets (fuzz preset).
# Stops at the first stage that fails.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh test
fuzz_seconds=${LEASEDESK_FUZZ_SECONDS:-60}

for preset in dev asan; do
    echo "=== $preset: configure and build"
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset"
    echo "=== $preset: tests"
    ctest --preset "$preset"
    if [[ $preset == dev ]]; then
        # Installs the .deb into this system and purges it again: not a ctest test.
        echo "=== package: build, install, check, remove"
        tests/package/package.sh build/dev || (($? == 77))
    fi
done

echo "=== fuzz: configure, build and explore for ${fuzz_seconds} s"
cmake --preset fuzz -DLEASEDESK_FUZZ_SECONDS="$fuzz_seconds" >/dev/null
cmake --build --preset fuzz
ctest --preset fuzz
