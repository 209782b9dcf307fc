/* test-csv.c — reading awkward CSV files, writing safe ones, and proposing column mappings
 *
 * Every input is read twice: in one piece and one byte at a time, so a chunk boundary falling
 * inside a CRLF, a quote pair or a UTF-16 unit changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-column-matcher.h"
#include "aud-csv-reader.h"
#include "aud-csv-writer.h"
#include "csv-test-util.h"

static void
assert_reads_as (const char       *data,
                 gsize             len,
                 CsvTestConfigure  configure,
                 const char       *expected)
{
  g_autofree char *whole = csv_test_dump (data, len, G_MAXSIZE, configure);
  g_autofree char *trickled = csv_test_dump (data, len, 1, configure);
  g_autofree char *sevens = csv_test_dump (data, len, 7, configure);

  g_assert_cmpstr (whole, ==, expected);
  g_assert_cmpstr (trickled, ==, expected);
  g_assert_cmpstr (sevens, ==, expected);
}

#define ASSERT_READS_AS(literal, expected) \
  assert_reads_as (literal, sizeof (literal) - 1, NULL, expected)

static void
force_header (AudCsvReader *reader)
{
  aud_csv_reader_set_header_mode (reader, AUD_CSV_HEADER_YES);
}

static void
test_rfc4180 (void)
{
  /* Embedded delimiters, doubled quotes, embedded CRLF and LF, no final line break. */
  ASSERT_READS_AS ("Name,Note\r\n"
                   "Ada,\"Lovelace, Countess\"\r\n"
                   "Bob,\"said \"\"hi\"\"\"\r\n"
                   "Cy,\"two\r\nlines\"\r\n"
                   "Di,\"three\nmore\nlines\"\r\n"
                   "Ed,\"\"\r\n"
                   "Flo,last",
                   "header:Name|Note\n"
                   "L2:Ada|Lovelace, Countess\n"
                   "L3:Bob|said \"hi\"\n"
                   "L4:Cy|two\r\nlines\n"
                   "L6:Di|three\nmore\nlines\n"
                   "L9:Ed|\n"
                   "L10:Flo|last\n");
}

static void
test_line_endings (void)
{
  ASSERT_READS_AS ("a,b\n1,2\n3,4\n", "header:a|b\nL2:1|2\nL3:3|4\n");
  ASSERT_READS_AS ("a,b\r1,2\r3,4\r", "header:a|b\nL2:1|2\nL3:3|4\n");
  ASSERT_READS_AS ("a,b\r\n1,2\n3,4\r5,6\r\n", "header:a|b\nL2:1|2\nL3:3|4\nL4:5|6\n");
  /* Blank lines are skipped but still counted. */
  ASSERT_READS_AS ("a,b\r\n\r\n1,2\n\n\n3,4\n\n", "header:a|b\nL3:1|2\nL6:3|4\n");
  /* A lone quoted empty value is a row, not a blank line. */
  ASSERT_READS_AS ("a\n\"\"\nx\n", "header:a\nL2:\nL3:x\n");
}

static void
test_lenient_quotes (void)
{
  /* A quote inside an unquoted value is a character; text after a closing quote is kept. */
  ASSERT_READS_AS ("a,b\n5'11\" tall,x\n\"ab\"cd,y\n", "header:a|b\nL2:5'11\" tall|x\nL3:abcd|y\n");
}

static void
test_bom_utf8 (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("\xEF\xBB\xBFId,Name\n1,Zo\xC3\xAB\n", 22);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(AudCsvReader) reader = aud_csv_reader_new (stream);
  g_autoptr(GError) error = NULL;

  g_assert_true (aud_csv_reader_open (reader, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (aud_csv_reader_get_encoding (reader), ==, AUD_CSV_ENCODING_UTF8);
  g_assert_false (aud_csv_reader_get_encoding_guessed (reader));
  /* The mark is not part of the first column's name, so "Id" still maps to Id. */
  g_assert_cmpstr (aud_csv_reader_get_columns (reader)[0], ==, "Id");
  g_assert_true (aud_csv_reader_read_row (reader, NULL, &error));
  g_assert_cmpstr (aud_csv_reader_get_field (reader, 1, NULL), ==, "Zoë");
}

static GByteArray *
utf16_encode (const char *utf8,
              gboolean    little_endian)
{
  g_autofree gunichar2 *units = NULL;
  glong n = 0;
  GByteArray *out = g_byte_array_new ();

  units = g_utf8_to_utf16 (utf8, -1, NULL, &n, NULL);
  g_byte_array_append (out, little_endian ? (const guint8 *) "\xFF\xFE" : (const guint8 *) "\xFE\xFF", 2);
  for (glong i = 0; i < n; i++)
    {
      guint8 pair[2] = { units[i] & 0xFF, units[i] >> 8 };

      if (!little_endian)
        {
          guint8 t = pair[0];
          pair[0] = pair[1];
          pair[1] = t;
        }
      g_byte_array_append (out, pair, 2);
    }

  return out;
}

static void
test_utf16 (void)
{
  const char *text = "Name;City\r\n\"Zoë; Jr\";Köln 🎉\r\nŁukasz;Łódź\r\n";
  const char *expected = "header:Name|City\nL2:Zoë; Jr|Köln 🎉\nL3:Łukasz|Łódź\n";

  for (int le = 0; le < 2; le++)
    {
      g_autoptr(GByteArray) bytes = utf16_encode (text, le);

      assert_reads_as ((const char *) bytes->data, bytes->len, NULL, expected);
    }

  /* A lone surrogate is reported on its line, and the rows around it still read. */
  {
    g_autoptr(GByteArray) bytes = utf16_encode ("a,b\n1,2\nx,", TRUE);
    g_autoptr(GByteArray) tail = utf16_encode ("y\n3,4\n", TRUE);

    g_byte_array_append (bytes, (const guint8 *) "\x00\xD8", 2);
    g_byte_array_append (bytes, tail->data + 2, tail->len - 2);
    assert_reads_as ((const char *) bytes->data, bytes->len, NULL,
                     "header:a|b\nL2:1|2\nE3:3\nL4:3|4\n");
  }
}

static void
test_windows_1252 (void)
{
  const char data[] = "Name,City\nJos\xE9 Mu\xF1oz,M\xFCnchen\nCost \x80 5,\x93quoted\x94\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, sizeof data - 1);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(AudCsvReader) reader = aud_csv_reader_new (stream);

  assert_reads_as (data, sizeof data - 1, NULL,
                   "header:Name|City\nL2:José Muñoz|München\nL3:Cost € 5|“quoted”\n");

  /* Reported as a guess, so the UI asks the user. */
  g_assert_true (aud_csv_reader_open (reader, NULL, NULL));
  g_assert_cmpint (aud_csv_reader_get_encoding (reader), ==, AUD_CSV_ENCODING_WINDOWS_1252);
  g_assert_true (aud_csv_reader_get_encoding_guessed (reader));
}

static void
test_invalid_utf8_after_sniff (void)
{
  GString *data = g_string_new ("Id,Name\n");
  g_autofree char *dump = NULL;
  g_autofree char *tail = NULL;

  /* Valid for the whole sniffed sample, then one Windows-1252 byte far into the file. */
  for (int i = 0; i < 20000; i++)
    g_string_append_printf (data, "%d,Name %d\n", i, i);
  g_string_append (data, "x,Jos\xE9\ny,ok\n");

  dump = csv_test_dump (data->str, data->len, G_MAXSIZE, NULL);
  tail = g_strdup (dump + strlen (dump) - strlen ("E20002:3\nL20003:y|ok\n"));
  g_assert_cmpstr (tail, ==, "E20002:3\nL20003:y|ok\n");
  g_string_free (data, TRUE);
}

static void
set_utf8 (AudCsvReader *reader)
{
  aud_csv_reader_set_encoding (reader, AUD_CSV_ENCODING_UTF8);
}

static void
test_forced_encoding (void)
{
  /* The user said UTF-8: bad bytes are errors on their line instead of a Windows-1252 guess. */
  const char data[] = "a,b\n1,Jos\xE9\n2,ok\n";

  assert_reads_as (data, sizeof data - 1, set_utf8, "header:a|b\nE2:3\nL3:2|ok\n");
  /* On the first row it stops the read: there are no columns to go on with. */
  assert_reads_as ("Jos\xE9,b\n1,2\n", 11, set_utf8, "F:14");
}

static void
test_delimiters (void)
{
  ASSERT_READS_AS ("a;b;c\n1,5;2;3\n4;5;6\n", "header:a|b|c\nL2:1,5|2|3\nL3:4|5|6\n");
  ASSERT_READS_AS ("a\tb\n1\t2\n", "header:a|b\nL2:1|2\n");
  ASSERT_READS_AS ("a|b\n\"x|y\"|2\n", "header:a|b\nL2:x|y|2\n");
  /* Commas inside quotes do not vote. */
  ASSERT_READS_AS ("a;b\n\"1,2,3\";4\n\"5,6\";7\n", "header:a|b\nL2:1,2,3|4\nL3:5,6|7\n");
  /* One column: nothing stands out, comma it is. */
  ASSERT_READS_AS ("Email\nada@example.com\n", "header:Email\nL2:ada@example.com\n");
}

static void
test_header_detection (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("1,ada@example.com\n2,bob@example.com\n", 36);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(AudCsvReader) reader = aud_csv_reader_new (stream);

  /* Data in the first row: no header, and that row is not lost. */
  ASSERT_READS_AS ("1,ada@example.com\n2,bob@example.com\n", "L1:1|ada@example.com\nL2:2|bob@example.com\n");
  g_assert_true (aud_csv_reader_open (reader, NULL, NULL));
  g_assert_false (aud_csv_reader_get_has_header (reader));
  g_assert_cmpstr (aud_csv_reader_get_columns (reader)[1], ==, "Column 2");

  /* Told there is a header, a numeric first row is one. */
  assert_reads_as ("2024,2025\n1,2\n", 14, force_header, "header:2024|2025\nL2:1|2\n");
}

static void
test_errors (void)
{
  /* Ragged rows: reported with their line, the rest still reads. */
  ASSERT_READS_AS ("a,b\n1,2\n1,2,3\n4\n5,6\n", "header:a|b\nL2:1|2\nE3:5\nE4:5\nL5:5|6\n");
  /* A quote still open at the end names the line it opened on. */
  ASSERT_READS_AS ("a,b\n1,2\n3,\"open\nstill\nopen\n", "header:a|b\nL2:1|2\nF:4");
  /* Empty file, or only blank lines. */
  ASSERT_READS_AS ("", "F:1");
  ASSERT_READS_AS ("\r\n\n\r\n", "F:1");
  /* Header problems stop the import: the mapping would be ambiguous. */
  ASSERT_READS_AS ("Name,,Email\nA,B,C\n", "F:6");
  ASSERT_READS_AS ("Name,Email,Name\nA,B,C\n", "F:7");
  assert_reads_as ("Name, ,Email\nA,B,C\n", 19, force_header, "F:6");
}

static void
test_error_messages (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("a,b\n1,2\n3,\"open\n", 16);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(AudCsvReader) reader = aud_csv_reader_new (stream);
  g_autoptr(GError) error = NULL;

  g_assert_true (aud_csv_reader_read_row (reader, NULL, &error));
  g_assert_false (aud_csv_reader_read_row (reader, NULL, &error));
  g_assert_error (error, AUD_CSV_ERROR, AUD_CSV_ERROR_UNTERMINATED_QUOTE);
  /* Users fix files by line number: it must be in the message. */
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_clear_error (&error);

  /* The reader stays failed rather than inventing rows. */
  g_assert_false (aud_csv_reader_read_row (reader, NULL, &error));
  g_assert_error (error, AUD_CSV_ERROR, AUD_CSV_ERROR_UNTERMINATED_QUOTE);
}

static void
test_huge_field (void)
{
  gsize big = 10 * 1024 * 1024;
  GString *data = g_string_sized_new (big + 64);
  g_autoptr(GError) error = NULL;

  g_string_append (data, "Id,Notes\n1,\"");
  for (gsize i = 0; i < big; i++)
    g_string_append_c (data, i % 1000 == 999 ? '\n' : 'a' + (char) (i % 26));
  g_string_append (data, "\"\n2,small\n");

  {
    g_autoptr(GBytes) bytes = g_bytes_new (data->str, data->len);
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
    g_autoptr(AudCsvReader) reader = aud_csv_reader_new (stream);
    gsize len = 0;

    g_assert_true (aud_csv_reader_read_row (reader, NULL, &error));
    g_assert_no_error (error);
    aud_csv_reader_get_field (reader, 1, &len);
    g_assert_cmpuint (len, ==, big);
    g_assert_true (aud_csv_reader_read_row (reader, NULL, &error));
    g_assert_cmpstr (aud_csv_reader_get_field (reader, 1, NULL), ==, "small");
    g_assert_cmpuint (aud_csv_reader_get_line (reader), ==, 3 + big / 1000);
  }

  /* With a smaller limit the same row is refused instead of growing memory. */
  {
    g_autoptr(GBytes) bytes = g_bytes_new (data->str, data->len);
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
    g_autoptr(AudCsvReader) reader = aud_csv_reader_new (stream);

    aud_csv_reader_set_max_row_bytes (reader, 1024 * 1024);
    g_assert_false (aud_csv_reader_read_row (reader, NULL, &error));
    g_assert_error (error, AUD_CSV_ERROR, AUD_CSV_ERROR_ROW_TOO_LONG);
    g_assert_nonnull (strstr (error->message, "line 2"));
  }

  g_string_free (data, TRUE);
}

static void
test_binary (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint8 garbage[4096];

  /* A NUL on line 2: refused with the line. */
  assert_reads_as ("a,b\n1,\0\n", 8, NULL, "header:a|b\nF:2");

  /* A few stray control characters in an otherwise normal export are kept, not refused. */
  ASSERT_READS_AS ("a,b\n1,x\x01y\n2,\x1b[0m\n", "header:a|b\nL2:1|x\x01y\nL3:2|\x1b[0m\n");

  /* Random bytes (a PNG, a zip) never crash: they end in an error or in rows, never more. */
  for (int round = 0; round < 20; round++)
    {
      g_autofree char *dump = NULL;

      for (gsize i = 0; i < sizeof garbage; i++)
        garbage[i] = (guint8) g_rand_int_range (rand, 0, 256);
      dump = csv_test_dump ((const char *) garbage, sizeof garbage, 13, NULL);
      g_assert_nonnull (dump);
      /* 4096 random bytes hold a NUL with near certainty: binary is the documented outcome. */
      g_assert_true (g_str_has_suffix (dump, "F:2"));
    }
}

/* The documented outcome of each awkward file in the fuzzer's seed corpus (the corpus test only
 * checks that none crashes). The expected text starts the reader's dump; "…" ends a prefix. */
static void
test_corpus_outcomes (void)
{
  static const struct { const char *file; const char *outcome; } table[] = {
    { "binary-no-nul.bin", "F:2" },                       /* control characters: not text */
    { "binary-nul.bin", "F:2" },                          /* a PNG header: not text */
    { "bom-utf8.csv", "header:Id|Name\nL2:1|Zoë\n" },   /* the mark is not part of "Id" */
    { "cr-only.csv", "header:a|b\nL2:1|2\nL3:3|4\n" },
    { "duplicate-header.csv", "F:7" },
    { "empty-header.csv", "F:6" },
    { "empty.csv", "F:1" },
    { "formulas.csv", "header:Name|Value\nL2:=1+1|-42\nL3:+1 555 0100|@SUM(A1)\nL4:\tx|-3.5\nL5:\r|\n" },
    { "invalid-utf8-late.csv", "header:Id|Name\nL2:0|Name 0\n…" },
    { "lenient-quotes.csv", "header:a|b\nL2:5'11\" tall|x\nL3:abcd|y\nF:4" },
    { "lf.csv", "header:a|b\nL2:1|2\nL3:3|4\n" },
    { "long-field.csv", "header:Id|Notes\nL2:1|abcdefghij\nabcdefghij\n…" },
    { "mixed-endings-blank-lines.csv", "header:a|b\nL3:1|2\nL6:3|4\nL7:5|6\n" },
    { "only-blank-lines.csv", "F:1" },
    { "pipe.csv", "header:a|b\nL2:x|y|2\n" },
    { "ragged.csv", "header:a|b\nL2:1|2\nE3:5\nE4:5\nL5:5|6\n" },
    { "rfc4180.csv", "header:Name|Note\nL2:Ada|Lovelace, Countess\nL3:Bob|said \"hi\"\nL4:Cy|two\r\nlines\nL6:Di|\nL7:Flo|last\n" },
    { "semicolon.csv", "header:a|b|c\nL2:1,5|2|3\nL3:4|5|6\n" },
    { "single-empty-column.csv", "header:Only\nL2:\nL4: \n" },
    { "tab.tsv", "header:a|b\nL2:1|2\nL3:x\ty|3\n" },
    { "trailing-delimiters.csv", "header:a|b|c\nL2:1||\nL3:||\nL4:||3\n" },
    { "unterminated-quote.csv", "header:a|b\nL2:1|2\nF:4" },
    { "utf16be-bom.csv", "header:Name|City\nL2:Łukasz|Łódź\n" },
    { "utf16le-bom.csv", "header:Name|City\nL2:Zoë; Jr|Köln 🎉\n" },
    { "utf16le-lone-surrogate.csv", "header:a|b\nE2:3\nL3:2|3\n" },
    { "utf16le-odd-length.csv", "header:a|b\nL2:1|2\nE3:3\n" },
    { "windows-1252.csv", "header:Name|City\nL2:José Muñoz|München\nL3:Cost € 5|“quoted”\nL4:\xC2\x81\xC2\x8D\xC2\x8F\xC2\x90\xC2\x9D|x\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "csv-corpus", table[i].file, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *dump = NULL;
      gsize len;

      g_test_message ("%s", table[i].file);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      dump = csv_test_dump (contents, len, G_MAXSIZE, NULL);
      if (g_str_has_suffix (table[i].outcome, "…"))
        {
          g_autofree char *prefix = g_strndup (table[i].outcome, strlen (table[i].outcome) - strlen ("…"));
          g_assert_true (g_str_has_prefix (dump, prefix));
        }
      else
        g_assert_cmpstr (dump, ==, table[i].outcome);
    }
}

static char *
write_rows (const char * const *rows[],
            guint               n_rows,
            gboolean            neutralize)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(AudCsvWriter) writer = aud_csv_writer_new (out);
  g_autoptr(GError) error = NULL;
  char nul = '\0';

  aud_csv_writer_set_neutralize_formulas (writer, neutralize);
  for (guint i = 0; i < n_rows; i++)
    g_assert_true (aud_csv_writer_write_row (writer, rows[i], g_strv_length ((char **) rows[i]), NULL, &error));
  g_assert_true (aud_csv_writer_flush (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (aud_csv_writer_get_n_rows (writer), ==, n_rows);
  g_output_stream_write (out, &nul, 1, NULL, NULL);
  g_output_stream_close (out, NULL, NULL);

  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_writer_quoting (void)
{
  const char *header[] = { "Name", "Note", NULL };
  const char *row1[] = { "Lovelace, Ada", "said \"hi\"", NULL };
  const char *row2[] = { "two\nlines", "", NULL };
  const char *row3[] = { "=1+1", "-42", NULL };
  const char *row4[] = { "+1 555 0100", "@SUM(A1)", NULL };
  const char *row5[] = { "\tx", "-3.5", NULL };
  const char * const *rows[] = { header, row1, row2, row3, row4, row5 };
  g_autofree char *safe = write_rows (rows, G_N_ELEMENTS (rows), TRUE);
  g_autofree char *raw = write_rows (rows, G_N_ELEMENTS (rows), FALSE);

  g_assert_cmpstr (safe, ==,
                   "Name,Note\r\n"
                   "\"Lovelace, Ada\",\"said \"\"hi\"\"\"\r\n"
                   "\"two\nlines\",\r\n"
                   "'=1+1,-42\r\n"
                   "'+1 555 0100,'@SUM(A1)\r\n"
                   "'\tx,-3.5\r\n");
  g_assert_cmpstr (raw, ==,
                   "Name,Note\r\n"
                   "\"Lovelace, Ada\",\"said \"\"hi\"\"\"\r\n"
                   "\"two\nlines\",\r\n"
                   "=1+1,-42\r\n"
                   "+1 555 0100,@SUM(A1)\r\n"
                   "\tx,-3.5\r\n");
}

static void
test_writer_round_trip (void)
{
  const char *header[] = { "Only", NULL };
  const char *row1[] = { "", NULL };
  const char *row2[] = { "\"", NULL };
  const char *row3[] = { "\r\n\r", NULL };
  const char *row4[] = { "=HYPERLINK(\"x\")", NULL };
  const char *row5[] = { " spaced ", NULL };
  const char *row6[] = { "Zoë 🎉 Łódź", NULL };
  const char * const *rows[] = { header, row1, row2, row3, row4, row5, row6 };
  g_autofree char *text = write_rows (rows, G_N_ELEMENTS (rows), FALSE);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (text, strlen (text), NULL);
  g_autoptr(AudCsvReader) reader = aud_csv_reader_new (stream);
  g_autoptr(GError) error = NULL;

  aud_csv_reader_set_header_mode (reader, AUD_CSV_HEADER_YES);
  for (guint i = 1; i < G_N_ELEMENTS (rows); i++)
    {
      g_assert_true (aud_csv_reader_read_row (reader, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (aud_csv_reader_get_field (reader, 0, NULL), ==, rows[i][0]);
    }
  g_assert_false (aud_csv_reader_read_row (reader, NULL, &error));
  g_assert_no_error (error);
}

static void
test_column_matcher (void)
{
  static const AudColumnMatcherField fields[] = {
    { "FirstName", "First Name" },
    { "LastName", "Last Name" },
    { "Email", "Email" },
    { "Region__c", "Sales Region" },
    { "Account_Tier__c", "Tier" },
    { "Phone", "Business Phone" },
    { "MobilePhone", "Mobile" },
  };
  static const struct { const char *column; int field; } cases[] = {
    { "first_name", 0 },
    { "LAST NAME", 1 },
    { "E-mail", 2 },
    { "Region", 3 },
    { "sales region", -1 },     /* Region__c is taken by the better "Region" */
    { "account tier", 4 },
    { "Business Phone", 5 },
    { "mobile", 6 },
    { "Favourite colour", -1 },
    { "", -1 },
  };
  const char *columns[G_N_ELEMENTS (cases)];
  int match[G_N_ELEMENTS (cases)];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    columns[i] = cases[i].column;

  aud_column_matcher_match (columns, G_N_ELEMENTS (columns), fields, G_N_ELEMENTS (fields), match);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("column “%s”", cases[i].column);
      g_assert_cmpint (match[i], ==, cases[i].field);
    }

  /* An exact API name beats a label match, and a typo still beats nothing. */
  g_assert_cmpuint (aud_column_matcher_score ("Email", &fields[2]), >,
                    aud_column_matcher_score ("email", &fields[2]));
  g_assert_cmpuint (aud_column_matcher_score ("Emial Address", &fields[2]), <, 80);
  g_assert_cmpuint (aud_column_matcher_score ("Sales Regoin", &fields[3]), >=, 80);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/reader/rfc4180", test_rfc4180);
  g_test_add_func ("/csv/reader/line-endings", test_line_endings);
  g_test_add_func ("/csv/reader/lenient-quotes", test_lenient_quotes);
  g_test_add_func ("/csv/reader/bom-utf8", test_bom_utf8);
  g_test_add_func ("/csv/reader/utf16", test_utf16);
  g_test_add_func ("/csv/reader/windows-1252", test_windows_1252);
  g_test_add_func ("/csv/reader/invalid-utf8-after-sniff", test_invalid_utf8_after_sniff);
  g_test_add_func ("/csv/reader/forced-encoding", test_forced_encoding);
  g_test_add_func ("/csv/reader/delimiters", test_delimiters);
  g_test_add_func ("/csv/reader/header-detection", test_header_detection);
  g_test_add_func ("/csv/reader/errors", test_errors);
  g_test_add_func ("/csv/reader/error-messages", test_error_messages);
  g_test_add_func ("/csv/reader/huge-field", test_huge_field);
  g_test_add_func ("/csv/reader/binary", test_binary);
  g_test_add_func ("/csv/reader/corpus-outcomes", test_corpus_outcomes);
  g_test_add_func ("/csv/writer/quoting", test_writer_quoting);
  g_test_add_func ("/csv/writer/round-trip", test_writer_round_trip);
  g_test_add_func ("/csv/column-matcher", test_column_matcher);

  return g_test_run ();
}
