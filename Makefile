# Sunbooks (阳光账本). `make run` opens the app on a demo book; `make test` runs
# every check. Both install what they need on a Debian machine and are safe to
# run twice.

SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(HOME)/go/bin:$(PATH)
GO ?= go
BIN := bin
DEMO := demo/阳光社区.sunbooks
STATICCHECK_VERSION := v0.8.2

# Debian packages: Fyne's cgo build, PDF text tools for the printout tests,
# Xvfb and screenshot tools for the smoke run, mingw for the Windows build.
APT_BUILD := gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
APT_TEST := poppler-utils
APT_X := xvfb x11-apps imagemagick xdotool

.PHONY: run test deps deps-x check unit fuzz-brief fuzz stress cli app demo bench simulate screenshot windows windows-check installer deb deb-arm64 package clean staticcheck

# A name without an architecture means this machine's (or an arch-all
# package): with arm64 added for make deb-arm64, libgl1-mesa-dev is installed
# twice and dpkg -s would call the bare name ambiguous.
define apt_install
	@missing=""; native=$$(dpkg --print-architecture); for p in $(1); do \
		want=$${p#*:}; [ "$$want" = "$$p" ] && want="$$native|all"; \
		dpkg-query -W -f='$${Architecture} $${Status}\n' "$$p" 2>/dev/null | grep -Eq "^($$want) install ok installed$$" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

deps:
	$(call apt_install,$(APT_BUILD) $(APT_TEST))

deps-x:
	$(call apt_install,$(APT_X))

# ---- run the app on the demo book ------------------------------------------
run: deps app cli
	@if [ ! -f "$(DEMO)" ]; then mkdir -p demo && SUNBOOKS_PASSWORD=demo123 $(BIN)/sunbooks-cli demo -book "$(DEMO)"; fi
	@echo "演示账簿：$(DEMO)（用户 会计 张会计 / 出纳 李出纳 / 审计 王审计 …，密码均为 demo123）"
	@if [ -z "$$DISPLAY" ]; then \
		$(MAKE) --no-print-directory deps-x; \
		echo "没有显示器（DISPLAY 未设置）：在 Xvfb 中运行"; \
		xvfb-run -a -s "-screen 0 1366x768x24" $(BIN)/sunbooks -book "$(DEMO)"; \
	else \
		$(BIN)/sunbooks -book "$(DEMO)"; \
	fi

app:
	$(GO) build -o $(BIN)/sunbooks ./cmd/sunbooks

cli:
	CGO_ENABLED=0 $(GO) build -o $(BIN)/sunbooks-cli ./cmd/sunbooks-cli

demo: cli
	rm -f "$(DEMO)" && mkdir -p demo && SUNBOOKS_PASSWORD=demo123 $(BIN)/sunbooks-cli demo -book "$(DEMO)"

# ---- the whole test suite ---------------------------------------------------
test: deps staticcheck check unit fuzz-brief
	@echo "make test: all checks passed"

staticcheck:
	@command -v staticcheck >/dev/null 2>&1 && staticcheck -version | grep -q "$(STATICCHECK_VERSION:v%=%)" || \
		$(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

check:
	@echo "== gofmt"; out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
		if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	@echo "== import boundaries: books, printouts and the CLI never import Fyne"
	@if $(GO) list -deps ./books/... ./printouts/... ./cmd/sunbooks-cli/... | grep -q '^fyne.io'; then \
		echo "a domain, printout or CLI package depends on Fyne"; exit 1; fi
	@echo "== the ledger core imports none of its subdomains (books/demo, books/notice, ...)"
	@if $(GO) list -deps ./books | grep '^sunbooks/books/'; then \
		echo "sunbooks/books depends on the packages above; arrows go from subdomains to books, never back"; exit 1; fi
	@echo "== SQLite failures are told apart by result code, never by SQLite's wording"
	@# books/sqlerr.go alone reads an error's text: the reason our own triggers give.
	@if grep -rnE 'strings\.(Contains|HasPrefix|HasSuffix|Index|EqualFold)\([a-zA-Z_.]*\.Error\(\)' --include='*.go' books cmd ui printouts \
		| grep -v -e '_test.go:' -e '^books/sqlerr.go:'; then echo "match errors by code (books/sqlerr.go), not by text"; exit 1; fi
	@echo "== no init function wires behaviour in: each package lists what it has in one place"
	@if grep -rn '^func init()' --include='*.go' books cmd ui printouts; then echo "list it explicitly instead (see ui/app.go screens, cmd/sunbooks-cli/main.go commands, books/rules.go)"; exit 1; fi
	@echo "== no INSERT OR REPLACE: the rows it deletes fire no triggers, so the seal would not see them go"
	@if grep -rnE 'OR REPLACE|REPLACE INTO' --include='*.go' books | grep -v -e '_test.go:' -e '^books/lock.go:' -e '//'; then \
		echo "use INSERT ... ON CONFLICT DO UPDATE (books/seal.go)"; exit 1; fi
	@echo "== no Go file over 800 lines"
	@find . -name '*.go' -not -path './.git/*' | xargs wc -l | awk '$$2 != "total" && $$1 > 800 { print; bad = 1 } END { if (bad) { print "split the files above where their content divides"; exit 1 } }'
	@echo "== go.mod and go.sum are tidy: direct requirements as such, nothing missing or left over"
	@$(GO) mod tidy -diff || { echo "run go mod tidy and commit go.mod and go.sum"; exit 1; }
	@echo "== the CLI builds without cgo"
	CGO_ENABLED=0 $(GO) build -o /dev/null ./cmd/sunbooks-cli
	@echo "== go vet"
	$(GO) vet ./...
	@echo "== staticcheck"
	staticcheck ./...

unit:
	@echo "== go test"
	$(GO) test -count=1 ./...

# ---- fuzzing what comes from outside: amounts, import files, signed files ----
# make test runs the seeds and books/testdata/fuzz as tests (unit) and fuzzes
# each target for FUZZTIME; make fuzz fuzzes longer. Both count inputs (Nx)
# rather than time: a time limit can end in a spurious "context deadline
# exceeded" with no failing input, a race in Go's fuzzing coordinator
# (go.dev/issue/75804, fixed in Go 1.27).
FUZZ_TARGETS := books:FuzzParseMoney books:FuzzImportCSV books:FuzzVoucherFile books:FuzzReadSigned \
	books:FuzzImportXLSX books/exchange:FuzzDecodePackage
FUZZTIME ?= 3000x
fuzz-brief:
	@echo "== fuzz, $(FUZZTIME) each"
	@for pt in $(FUZZ_TARGETS); do p=$${pt%%:*}; t=$${pt#*:}; \
		$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) ./$$p/ >/tmp/sunbooks-fuzz.log 2>&1 || { cat /tmp/sunbooks-fuzz.log; echo "fuzz target $$t failed; its input is in $$p/testdata/fuzz/$$t"; exit 1; }; \
		echo "   $$p $$t ok"; \
	done

fuzz:
	$(MAKE) fuzz-brief FUZZTIME=$(if $(filter command line environment,$(origin FUZZTIME)),$(FUZZTIME),100000x)

# ---- the CLI killed (SIGKILL) at random points of import, closing, backup and
# export, KILLS times (make test: a dozen); prints the count of bad outcomes.
stress:
	SUNBOOKS_STRESS_KILLS=$(or $(KILLS),1000) $(GO) test -count=1 -timeout 60m -run '^TestKilledWorkLeavesBooksWhole$$' -v ./cmd/sunbooks-cli/ | grep -a -e '^stress:' -e FAIL -e 'killed after'

# ---- a long randomized walk of ordinary work (make test runs a short one) ----
# SEED=n replays a walk; STEPS=n sets its length.
simulate:
	@seed=$${SEED:-$$(date +%s)}; steps=$${STEPS:-5000}; echo "simulation seed $$seed, $$steps steps"; \
		SUNBOOKS_SIM_SEED=$$seed SUNBOOKS_SIM_STEPS=$$steps $(GO) test -count=1 -timeout 30m -run '^TestSimulatedOrdinaryWork$$' -v ./books/ | grep -av ' × '

# ---- benchmarks (never part of make test) -----------------------------------
# sunbooks-bench prints each figure beside its target; BENCH_FLAGS picks parts
# or sizes, e.g. BENCH_FLAGS="-only import -lines 200000".
bench: cli
	$(GO) test -run '^$$' -bench . -benchmem ./books/ ./printouts/
	$(GO) run ./cmd/sunbooks-bench -dir bench $(BENCH_FLAGS)
	SUNBOOKS_BENCH_BOOK=$(CURDIR)/bench/bench.sunbooks $(GO) test -run '^$$' -bench ScreensOnBigBook -benchtime 3x ./ui/

# ---- a real window under Xvfb, photographed --------------------------------
screenshot: deps deps-x app cli
	@if [ ! -f "$(DEMO)" ]; then mkdir -p demo && SUNBOOKS_PASSWORD=demo123 $(BIN)/sunbooks-cli demo -book "$(DEMO)"; fi
	./ui/smoke.sh "$(BIN)/sunbooks" "$(DEMO)" out/screenshots

# ---- Windows -----------------------------------------------------------------
windows:
	$(call apt_install,gcc-mingw-w64-x86-64)
	mkdir -p dist
	CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
		$(GO) build -ldflags "-H=windowsgui" -o dist/sunbooks.exe ./cmd/sunbooks
	CGO_ENABLED=0 GOOS=windows GOARCH=amd64 $(GO) build -o dist/sunbooks-cli.exe ./cmd/sunbooks-cli

# Run the Windows build under wine (see .ci/windows-check.sh).
windows-check: windows deps-x
	$(call apt_install,wine wine64 gcc-mingw-w64-x86-64)
	.ci/windows-check.sh dist out/windows-check

# The Windows installer (NSIS), checked by installing it under wine.
VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
BUILD := $(shell sed -n 's/^ *Build *= *\([0-9]*\)/\1/p' FyneApp.toml)
installer: windows
	$(call apt_install,nsis imagemagick wine wine64)
	mkdir -p dist/build
	convert assets/icon.png -define icon:auto-resize=256,64,48,32,16 dist/build/sunbooks.ico
	makensis -V2 -DVERSION=$(VERSION) -DVIVERSION=$(VERSION).$(BUILD) -DDIST=$(CURDIR)/dist \
		-DICON=$(CURDIR)/dist/build/sunbooks.ico -DOUT=$(CURDIR)/dist/阳光账本-$(VERSION)-安装.exe .ci/installer/sunbooks.nsi
	.ci/installer-check.sh dist/阳光账本-$(VERSION)-安装.exe

# The Debian package (amd64), installed on this machine, started, removed.
deb: deps deps-x app cli
	$(call apt_install,imagemagick dpkg-dev desktop-file-utils)
	.ci/deb/build.sh $(VERSION)-$(BUILD) $(BIN) dist
	.ci/deb/check.sh dist/sunbooks_$(VERSION)-$(BUILD)_amd64.deb out/deb-check

# The Debian package for arm64 PCs (Kunpeng, Phytium with 统信 UOS or 银河麒麟):
# cross-built with Debian's aarch64 gcc against the arm64 X and GL libraries
# (multiarch), then installed here and started under qemu-user and Xvfb.
APT_ARM64 := gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user-static \
	$(addsuffix :arm64,libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev)
deb-arm64: deps deps-x
	@dpkg --print-foreign-architectures | grep -qx arm64 || \
		{ if [ "$$(id -u)" = 0 ]; then dpkg --add-architecture arm64; else sudo dpkg --add-architecture arm64; fi; }
	$(call apt_install,$(APT_ARM64) imagemagick dpkg-dev desktop-file-utils file)
	mkdir -p $(BIN)/arm64
	CGO_ENABLED=1 GOOS=linux GOARCH=arm64 CC=aarch64-linux-gnu-gcc \
		PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig \
		$(GO) build -o $(BIN)/arm64/sunbooks ./cmd/sunbooks
	CGO_ENABLED=0 GOOS=linux GOARCH=arm64 $(GO) build -o $(BIN)/arm64/sunbooks-cli ./cmd/sunbooks-cli
	.ci/deb/build.sh $(VERSION)-$(BUILD) $(BIN)/arm64 dist arm64
	.ci/deb/check.sh dist/sunbooks_$(VERSION)-$(BUILD)_arm64.deb out/deb-check-arm64

# fyne package rewrites FyneApp.toml; restore the committed file afterwards.
package:
	$(call apt_install,gcc-mingw-w64-x86-64)
	$(GO) install fyne.io/tools/cmd/fyne@latest
	cp FyneApp.toml /tmp/FyneApp.toml.keep
	mkdir -p dist
	cd cmd/sunbooks && fyne package -os linux -src . -icon ../../assets/icon.png -name sunbooks --app-id cn.sunbooks.desktop; \
		rc=$$?; cp /tmp/FyneApp.toml.keep ../../FyneApp.toml; exit $$rc
	mv cmd/sunbooks/*.tar.xz dist/ 2>/dev/null || true
	cd cmd/sunbooks && CC=x86_64-w64-mingw32-gcc fyne package -os windows -src . -icon ../../assets/icon.png -name sunbooks --app-id cn.sunbooks.desktop; \
		rc=$$?; cp /tmp/FyneApp.toml.keep ../../FyneApp.toml; exit $$rc
	mv cmd/sunbooks/*.exe dist/ 2>/dev/null || true

clean:
	rm -rf $(BIN) dist demo out bench
