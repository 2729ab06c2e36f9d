# patchwatch: the two commands a new user needs.
#   make demo   install what is missing, build, run `patchwatch run` on examples/
#   make test   install what is missing, build, run the test suite normally, under ASan+UBSan, and fuzz briefly
.PHONY: demo test deps build build-asan check check-asan fuzz clean

JOBS         ?= $(shell nproc)
FUZZ_SECONDS ?= 10
# Debian packages: build tools, the libraries of DESIGN.md, and the real peers the tests talk to
# (util-linux logger, rsyslog, the reference EVTX tools, python3 for the local HTTP test server).
PACKAGES = build-essential cmake pkg-config clang libclang-rt-14-dev \
           libcurl4-openssl-dev libxml2-dev libjansson-dev libzmq3-dev libpcre2-dev check \
           libsqlite3-dev libyaml-dev libmicrohttpd-dev bsdutils rsyslog libevtx-utils python3-evtx python3 procps dpkg-dev systemd prometheus chromium \
           libssl-dev openssl rsyslog-openssl python3-aiosmtpd iproute2

deps:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing: $$missing"; \
	    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	  else \
	    echo "missing Debian packages; run as root:"; \
	    echo "  apt-get update && apt-get install -y $$missing"; exit 1; \
	  fi; \
	fi

build: deps
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPW_WERROR=ON -DCMAKE_INSTALL_PREFIX=/usr
	cmake --build build -j $(JOBS)

build-asan: deps
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPW_SANITIZE=ON -DPW_WERROR=ON
	cmake --build build-asan -j $(JOBS)

check: build
	cd build && ctest --output-on-failure -j $(JOBS)

check-asan: build-asan
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

fuzz: deps
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DPW_FUZZ=ON -DPW_WERROR=ON
	cmake --build build-fuzz -j $(JOBS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash fuzz/run_all.sh build-fuzz/fuzz

test: check check-asan fuzz

# The demo fleet (examples/fleet/, not committed) is generated with a fixed seed, so every demo is the same.
# It ends with the KB5062557 timeline as a table and as a self-contained HTML page (the store is filled by an
# offline replay of the same inputs, the way `replay --store` works).
demo: build
	@test -d examples/fleet || ./build/bench/bench_fleetsim --out examples/fleet --seed 7 --hosts 24 --days 24 --bad csv --report before
	./build/patchwatch run
	@rm -f build/demo-store.db build/demo-store.db-wal build/demo-store.db-shm
	@./build/patchwatch replay --rules rules --inventory examples/fleet/inventory.yaml --store build/demo-store.db examples/fleet >/dev/null
	@./build/patchwatch timeline --store build/demo-store.db --patch KB5062557 --text --html build/demo-timeline.html
	@echo; echo "incidents (what people are told; docs/notifications.md):"
	@./build/patchwatch replay --rules rules --inventory examples/fleet/inventory.yaml --table -o /dev/null examples/fleet
	@echo "timeline page: $(CURDIR)/build/demo-timeline.html"

clean:
	rm -rf build build-asan build-fuzz
