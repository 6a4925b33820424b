# safeguard — one binary: the CLI, the HTTP server and the sweeps.
#   make            build ./safeguard
#   make demo       install what is missing, build, serve the demo setting
#   make check      install what is missing, build, run every test
#   make check SAN=1  the same with AddressSanitizer and UBSan
#   make bench      benchmarks (not part of check)

CC      ?= gcc
PKGS    := sqlite3 libpq libmicrohttpd jansson libsodium inih zlib libqrencode
BUILD   := build
BIN     := safeguard
ifeq ($(SAN),1)
BUILD   := build/san
BIN     := build/san/safeguard
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -Wall -Wextra -Werror -Wshadow -Wno-missing-field-initializers \
           -D_DEFAULT_SOURCE -Isrc $(PKG_CFLAGS) $(SANFLAGS) -MMD -MP
LDFLAGS += $(SANFLAGS)
LDLIBS  += $(PKG_LIBS) -lcsv -lpthread

SRC      := $(sort $(wildcard src/*/*.c))
OBJ      := $(SRC:src/%.c=$(BUILD)/%.o) $(BUILD)/gen/migrations.o $(BUILD)/gen/web.o
MIGRATIONS := $(sort $(wildcard src/store/migrations/*.sql))
WEB      := $(shell find web/static -type f 2>/dev/null | LC_ALL=C sort)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps demo check unit api test-pg bench clean web screenshots
all: $(BIN)

$(BIN): $(BUILD)/main.o $(BUILD)/libsafeguard.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libsafeguard.a: $(OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O2 -o $@ $<

$(BUILD)/gen/migrations.c: $(BUILD)/tools/embed $(MIGRATIONS)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed sg_migrations src/store/migrations/ $@ $(MIGRATIONS)

$(BUILD)/gen/web.c: $(BUILD)/tools/embed $(WEB) Makefile
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed sg_web web/static/ $@ $(WEB)

# The UI's CSS is built from GOV.UK Frontend's Sass and committed, so that a
# plain make needs no npm; make web rebuilds it.
web: deps
	npm ci --no-audit --no-fund
	npx sass --no-source-map --style=compressed --load-path=node_modules web/src/app.scss web/static/app.css

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testlib.h tests/unit/fixture.h $(BUILD)/libsafeguard.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(shell pkg-config --cflags cmocka) -o $@ $< $(BUILD)/libsafeguard.a \
	    $(LDFLAGS) $(LDLIBS) $(shell pkg-config --libs cmocka)

deps:
	@scripts/deps.sh

demo: deps
	@$(MAKE) --no-print-directory $(BIN)
	./$(BIN) demo $(if $(LISTEN),--listen $(LISTEN))

# Unit tests (SQLite, and PostgreSQL through scripts/with-pg.sh), then the
# black-box API tests against the real server.
check: deps
	@$(MAKE) --no-print-directory $(BIN) $(UNIT_BIN)
	@scripts/with-pg.sh scripts/run-tests.sh $(BUILD) $(BIN)

# Refresh docs/screenshots from the browser tests.
screenshots: deps
	@$(MAKE) --no-print-directory $(BIN)
	SG_SCREENSHOTS=1 SAFEGUARD_BIN=$(BIN) node --test tests/ui/

bench: deps
	@$(MAKE) --no-print-directory $(BIN) $(BUILD)/bench/devices_holder $(BUILD)/bench/consent
	bench/run.sh $(BIN)
	bench/presence.sh $(BIN)
	$(BUILD)/bench/devices_holder
	$(BUILD)/bench/consent

# "Who held device X at time T" over a year of hand-outs (bench/devices_holder.c).
$(BUILD)/bench/devices_holder: bench/devices_holder.c $(BUILD)/libsafeguard.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libsafeguard.a $(LDFLAGS) $(LDLIBS)

# consent_allows and the consent overview over a 200-child setting (bench/consent.c).
$(BUILD)/bench/consent: bench/consent.c $(BUILD)/libsafeguard.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libsafeguard.a $(LDFLAGS) $(LDLIBS)

clean:
	rm -rf build $(BIN)

-include $(OBJ:.o=.d) $(BUILD)/main.d
