/* csv-test-util.h — helpers shared by the CSV tests: a stream that trickles, a row dumper
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "aud-csv-reader.h"

G_BEGIN_DECLS

/* An input stream over @bytes that returns at most @step bytes per read, so every chunk boundary
 * of the reader (CR|LF, a UTF-16 unit, a quote pair) gets exercised. */
GInputStream *csv_test_trickle_stream_new (GBytes *bytes,
                                           gsize   step);

typedef void (*CsvTestConfigure) (AudCsvReader *reader);

/* Reads everything and describes it: "header:a|b" then one "L<line>:v1|v2" per row, "E<line>:<code>"
 * per row error, "F:<code>" for the error that stopped the read. */
char         *csv_test_dump               (const char       *data,
                                           gsize             len,
                                           gsize             step,
                                           CsvTestConfigure  configure);

G_END_DECLS
