/* test-normalize.c — the matcher's normalisers, as tables of input → expected output
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "aud-normalize.h"

typedef struct
{
  const char *in;
  const char *expected;  /* NULL: the value must be rejected as unusable */
} Case;

static void
check_table (const char *what,
             char *(*fn) (const char *),
             const Case *cases,
             gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *got = fn (cases[i].in);

      if (g_strcmp0 (got, cases[i].expected) != 0)
        g_error ("%s(\"%s\") = \"%s\", expected \"%s\"", what, cases[i].in,
                 got ? got : "(null)", cases[i].expected ? cases[i].expected : "(null)");
    }
}

static void
test_text (void)
{
  static const Case cases[] = {
    { "  José  O'Brien-Smith ", "jose obrien smith" },
    { "MÜLLER", "muller" },
    { "Straße", "strasse" },
    { "Łukasz Żółć", "lukasz zolc" },
    { "Søren Ærø", "soren aero" },
    { "A.B.C. Holdings", "abc holdings" },
    { "François-Xavier", "francois xavier" },
    { "D’Angelo", "dangelo" },
    { "ﬁnance", "finance" },
    { "  ", NULL },
    { "---", NULL },
    { NULL, NULL },
  };

  check_table ("aud_normalize_text", aud_normalize_text, cases, G_N_ELEMENTS (cases));
}

static void
test_email (void)
{
  static const Case cases[] = {
    { "Jane.Doe@Acme.com", "jane.doe@acme.com" },
    { "  jane@acme.com  ", "jane@acme.com" },
    { "Jane Doe <Jane@Acme.COM>", "jane@acme.com" },
    { "mailto:jane@acme.com", "jane@acme.com" },
    { "jane+newsletter@acme.com", "jane@acme.com" },
    { "J.a.n.e.Doe+x@gmail.com", "janedoe@gmail.com" },
    { "jane.doe@googlemail.com", "janedoe@gmail.com" },
    { "jane.doe@outlook.com", "jane.doe@outlook.com" },
    { "jane@acme.co.uk.", "jane@acme.co.uk" },
    { "o'neil@acme.ie", "o'neil@acme.ie" },
    { "jane@acme", NULL },
    { "jane@@acme.com", NULL },
    { "jane@acme..com", NULL },
    { "@acme.com", NULL },
    { "jane doe@acme.com", NULL },
    { "jane@acme.c0m", NULL },
    { "jane@-acme.com", NULL },
    { ".jane@acme.com", NULL },
    { "jane..doe@acme.com", NULL },
    { "noemail@acme.com", NULL },
    { "none@none.com", NULL },
    { "someone@example.com", NULL },
    { "N/A", NULL },
    { "", NULL },
    { NULL, NULL },
  };

  check_table ("aud_normalize_email", aud_normalize_email, cases, G_N_ELEMENTS (cases));

  g_assert_true (aud_email_is_role ("info@acme.com"));
  g_assert_true (aud_email_is_role ("sales@acme.com"));
  g_assert_true (aud_email_is_role ("no-reply@acme.com"));
  g_assert_false (aud_email_is_role ("jane@acme.com"));
  g_assert_false (aud_email_is_role ("information.desk.jane@acme.com"));
  g_assert_cmpstr (aud_email_domain ("jane@acme.com"), ==, "acme.com");
  g_assert_null (aud_email_domain ("jane"));
}

typedef struct
{
  const char *in;
  const char *region;
  const char *expected;
  const char *extension;
} PhoneCase;

static void
test_phone (void)
{
  static const PhoneCase cases[] = {
    { "(415) 555-0100", "US", "+14155550100", NULL },
    { "415.555.0100", "US", "+14155550100", NULL },
    { "1-415-555-0100", "US", "+14155550100", NULL },
    { "+1 415 555 0100", "GB", "+14155550100", NULL },
    { "415-555-0100 x23", "US", "+14155550100", "23" },
    { "415-555-0100 ext. 7", "US", "+14155550100", "7" },
    { "415 555 0100 extension 123", "US", "+14155550100", "123" },
    { "415-555-0100#9", "US", "+14155550100", "9" },
    { "011 44 20 7946 0958", "US", "+442079460958", NULL },
    { "020 7946 0958", "GB", "+442079460958", NULL },
    { "+44 (0)20 7946 0958", "US", "+442079460958", NULL },
    { "0044 20 7946 0958", "FR", "+442079460958", NULL },
    { "44 20 7946 0958", "GB", "+442079460958", NULL },
    { "01 23 45 67 89", "FR", "+33123456789", NULL },
    { "030 1234567", "DE", "+49301234567", NULL },
    { "(02) 9876 5432", "AU", "+61298765432", NULL },
    { "612 345 678", "ES", "+34612345678", NULL },
    { "415 555 0100", NULL, "4155550100", NULL },
    { "415 555 0100", "ZZ", "4155550100", NULL },
    { "555-0100", "US", NULL, NULL },
    { "123", "US", NULL, NULL },
    { "0000000000", "US", NULL, NULL },
    { "1111111111", "US", NULL, NULL },
    { "n/a", "US", NULL, NULL },
    { "1-800-FLOWERS", "US", NULL, NULL },
    { "+1234567890123456789", "US", NULL, NULL },
    { "", "US", NULL, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *ext = NULL;
      g_autofree char *got = aud_normalize_phone (cases[i].in, cases[i].region, &ext);

      if (g_strcmp0 (got, cases[i].expected) != 0 || g_strcmp0 (ext, cases[i].extension) != 0)
        g_error ("phone \"%s\" (%s) = \"%s\" ext \"%s\", expected \"%s\" ext \"%s\"",
                 cases[i].in, cases[i].region, got, ext, cases[i].expected, cases[i].extension);
    }
}

typedef struct
{
  const char *first;
  const char *last;
  const char *e_first;
  const char *e_middle;
  const char *e_last;
  const char *e_suffix;
} NameCase;

static void
test_person_name (void)
{
  static const NameCase cases[] = {
    { "Robert", "Smith", "robert", NULL, "smith", NULL },
    { "  ROBERT ", " smith ", "robert", NULL, "smith", NULL },
    { "José", "García López", "jose", NULL, "garcia lopez", NULL },
    { "Anne-Marie", "Smith-Jones", "anne", "marie", "smith jones", NULL },
    { "John", "Smith Jr.", "john", NULL, "smith", "jr" },
    { "John", "Smith, Sr", "john", NULL, "smith", "sr" },
    { "John Jr", "Smith", "john", NULL, "smith", "jr" },
    { "Henry", "Ford III", "henry", NULL, "ford", "iii" },
    { "Dr. Jane", "Doe PhD", "jane", NULL, "doe", NULL },
    { "Mary Ann", "O'Neil", "mary", "ann", "oneil", NULL },
    { "Ludwig", "van Beethoven", "ludwig", NULL, "van beethoven", NULL },
    { "Smith, John", NULL, "john", NULL, "smith", NULL },
    { "Smith, John", "", "john", NULL, "smith", NULL },
    { "John Smith", NULL, "john", NULL, "smith", NULL },
    { "Mr John Q Smith Jr", NULL, "john", "q", "smith", "jr" },
    { "Ludwig van Beethoven", NULL, "ludwig", NULL, "van beethoven", NULL },
    { "Maria de la Cruz", NULL, "maria", NULL, "de la cruz", NULL },
    { "Smith, Jr.", NULL, "smith", NULL, NULL, "jr" },
    { "Cher", NULL, "cher", NULL, NULL, NULL },
    { NULL, "Doe", NULL, NULL, "doe", NULL },
    { NULL, NULL, NULL, NULL, NULL, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(AudPersonName) n = aud_person_name_parse (cases[i].first, cases[i].last);

      if (g_strcmp0 (n->first, cases[i].e_first) != 0 ||
          g_strcmp0 (n->middle, cases[i].e_middle) != 0 ||
          g_strcmp0 (n->last, cases[i].e_last) != 0 ||
          g_strcmp0 (n->suffix, cases[i].e_suffix) != 0)
        g_error ("name (\"%s\", \"%s\") = [%s|%s|%s|%s]", cases[i].first, cases[i].last,
                 n->first, n->middle, n->last, n->suffix);
    }

  {
    static const Case keys[] = {
      { "smith", "smith" }, { "van der berg", "berg" }, { "garcia lopez", "garcia" },
      { "de la cruz", "cruz" }, { "van", "van" }, { NULL, NULL },
    };
    check_table ("aud_surname_key", aud_surname_key, keys, G_N_ELEMENTS (keys));
  }
}

static void
test_nicknames (void)
{
  static const struct { const char *a, *b; gboolean eq; } cases[] = {
    { "robert", "bob", TRUE }, { "bob", "rob", TRUE }, { "bobby", "robert", TRUE },
    { "robbie", "bob", TRUE }, { "katherine", "kate", TRUE }, { "kate", "katie", TRUE },
    { "kathy", "katherine", TRUE }, { "catherine", "cathy", TRUE }, { "william", "bill", TRUE },
    { "liam", "will", TRUE }, { "billy", "william", TRUE }, { "margaret", "peggy", TRUE },
    { "elizabeth", "betty", TRUE }, { "richard", "dick", TRUE }, { "john", "jack", TRUE },
    { "chris", "christopher", TRUE }, { "chris", "christina", TRUE }, { "al", "alan", TRUE },
    { "al", "albert", TRUE }, { "sam", "samantha", TRUE }, { "anna", "anna", TRUE },
    /* sharing a nickname does not make two formal names equal */
    { "christopher", "christina", FALSE }, { "alan", "albert", FALSE },
    { "samuel", "samantha", FALSE }, { "robert", "richard", FALSE }, { "bob", "bill", FALSE },
    { "john", "james", FALSE }, { "kate", "william", FALSE }, { "zelda", "zelda", TRUE },
    { "zelda", "xena", FALSE }, { NULL, "bob", FALSE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    if (aud_nicknames_equivalent (cases[i].a, cases[i].b) != cases[i].eq)
      g_error ("nicknames %s ~ %s should be %d", cases[i].a, cases[i].b, cases[i].eq);

  g_assert_cmpuint (aud_nickname_table_size (), >=, 300);
  g_assert_cmpstr (aud_nickname_canonical ("bobby"), ==, "robert");
  g_assert_cmpstr (aud_nickname_canonical ("liam"), ==, "william");
  g_assert_cmpstr (aud_nickname_canonical ("zelda"), ==, "zelda");
}

static void
test_company (void)
{
  static const Case cases[] = {
    { "Acme Inc.", "acme" },
    { "ACME, Inc", "acme" },
    { "Acme Corporation", "acme" },
    { "The Acme Co., Ltd.", "acme" },
    { "Acme Holdings LLC", "acme holdings" },
    { "Siemens AG", "siemens" },
    { "Bosch GmbH", "bosch" },
    { "Danone S.A.", "danone" },
    { "Capgemini SAS", "capgemini" },
    { "Philips B.V.", "philips" },
    { "BP p.l.c.", "bp" },
    { "Atlassian Pty Ltd", "atlassian" },
    { "Johnson & Johnson", "johnson and johnson" },
    { "Johnson and Johnson", "johnson and johnson" },
    { "Procter&Gamble Co.", "procter and gamble" },
    { "Smith & Co", "smith" },
    { "Ernst & Young LLP", "ernst and young" },
    { "The Home Depot", "home depot" },
    { "The Company Ltd", "company" },
    { "Nestlé S.A.", "nestle" },
    { "Co-operative Bank plc", "co operative bank" },
    { "AT&T Inc.", "at and t" },
    { "  ", NULL },
    { NULL, NULL },
  };

  check_table ("aud_normalize_company", aud_normalize_company, cases, G_N_ELEMENTS (cases));
}

static void
test_domain (void)
{
  static const Case registrable[] = {
    { "https://www.acme.com/about?x=1", "acme.com" },
    { "http://WWW.Acme.COM", "acme.com" },
    { "acme.com", "acme.com" },
    { "www.acme.com/", "acme.com" },
    { "https://shop.eu.acme.com:8443/cart", "acme.com" },
    { "https://www.acme.co.uk/", "acme.co.uk" },
    { "store.acme.com.au", "acme.com.au" },
    { "acme.co.jp", "acme.co.jp" },
    { "jane@mail.acme.de", "acme.de" },
    { "acme.com.", "acme.com" },
    { "co.uk", NULL },
    { "http://192.168.1.10/", NULL },
    { "localhost", NULL },
    { "not a url", NULL },
    { "", NULL },
    { NULL, NULL },
  };
  static const Case company[] = {
    { "jane@acme.com", "acme.com" },
    { "jane@gmail.com", NULL },
    { "jane@yahoo.co.uk", NULL },
    { "jane@hotmail.fr", NULL },
    { "jane@icloud.com", NULL },
    { "https://acme.io", "acme.io" },
    { NULL, NULL },
  };

  check_table ("aud_registrable_domain", aud_registrable_domain, registrable,
               G_N_ELEMENTS (registrable));
  check_table ("aud_company_domain", aud_company_domain, company, G_N_ELEMENTS (company));
  g_assert_true (aud_domain_is_free_mail ("gmail.com"));
  g_assert_true (aud_domain_is_free_mail ("outlook.com"));
  g_assert_false (aud_domain_is_free_mail ("acme.com"));
}

static void
test_linkedin (void)
{
  static const Case cases[] = {
    { "https://www.linkedin.com/in/Jane-Doe-42/", "in/jane-doe-42" },
    { "http://linkedin.com/in/jane-doe-42?trk=public_profile", "in/jane-doe-42" },
    { "uk.linkedin.com/in/jane-doe-42", "in/jane-doe-42" },
    { "linkedin.com/in/jane-doe-42/details/experience/", "in/jane-doe-42" },
    { "in/jane-doe-42", "in/jane-doe-42" },
    { "https://www.linkedin.com/in/j%C3%A9r%C3%B4me-x", "in/jérôme-x" },
    { "https://www.linkedin.com/company/acme-inc/", "company/acme-inc" },
    { "https://www.linkedin.com/pub/jane-doe/1/2/3", "in/jane-doe" },
    { "https://www.linkedin.com/", NULL },
    { "https://www.linkedin.com/in/", NULL },
    { "https://evil-linkedin.com/in/jane", NULL },
    { "https://twitter.com/jane", NULL },
    { "jane doe", NULL },
    { NULL, NULL },
  };

  check_table ("aud_normalize_linkedin", aud_normalize_linkedin, cases, G_N_ELEMENTS (cases));
}

static void
test_address (void)
{
  static const Case streets[] = {
    { "12 North Main Street, Suite 4", "12 n main st ste 4" },
    { "12 N. Main St. Ste 4", "12 n main st ste 4" },
    { "1600 Pennsylvania Avenue NW", "1600 pennsylvania ave nw" },
    { "221B Baker Street", "221b baker st" },
    { "Rue de l'Église 5", "rue de leglise 5" },
    { "Unit 3, 40 Fifth Ave", "ste 3 40 5th ave" },
    { NULL, NULL },
  };
  static const struct { const char *in, *country, *expected; } postal[] = {
    { "94105", NULL, "94105" }, { "94105-1234", NULL, "94105" }, { "941051234", "US", "94105" },
    { "2134", "US", "02134" }, { "sw1a1aa", "GB", "SW1A 1AA" }, { "SW1A 1AA", NULL, "SW1A 1AA" },
    { "ec1a 1bb", "UK", "EC1A 1BB" }, { "m1 1ae", NULL, "M1 1AE" }, { "k1a0b1", NULL, "K1A 0B1" },
    { "K1A 0B1", "CA", "K1A 0B1" }, { "1012 AB", "NL", "1012AB" }, { "75008", "FR", "75008" },
    { "10115", "DE", "10115" }, { "12", NULL, NULL }, { "ABCDE", "US", NULL }, { NULL, NULL, NULL },
  };

  check_table ("aud_normalize_street", aud_normalize_street, streets, G_N_ELEMENTS (streets));
  {
    static const struct { const char *in, *expected; } countries[] = {
      { "US", "US" }, { "usa", "US" }, { "U.S.A.", "US" }, { "United States", "US" },
      { " united kingdom ", "GB" }, { "UK", "GB" }, { "England", "GB" }, { "Deutschland", "DE" },
      { "España", "ES" }, { "The Netherlands", "NL" }, { "Brasil", "BR" }, { "Narnia", NULL },
      { "", NULL }, { NULL, NULL },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (countries); i++)
      if (g_strcmp0 (aud_normalize_country (countries[i].in), countries[i].expected) != 0)
        g_error ("country \"%s\" = \"%s\", expected \"%s\"", countries[i].in,
                 aud_normalize_country (countries[i].in), countries[i].expected);
  }
  for (gsize i = 0; i < G_N_ELEMENTS (postal); i++)
    {
      g_autofree char *got = aud_normalize_postal_code (postal[i].in, postal[i].country);

      if (g_strcmp0 (got, postal[i].expected) != 0)
        g_error ("postal \"%s\" (%s) = \"%s\", expected \"%s\"", postal[i].in,
                 postal[i].country, got, postal[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/normalize/text", test_text);
  g_test_add_func ("/normalize/email", test_email);
  g_test_add_func ("/normalize/phone", test_phone);
  g_test_add_func ("/normalize/person-name", test_person_name);
  g_test_add_func ("/normalize/nicknames", test_nicknames);
  g_test_add_func ("/normalize/company", test_company);
  g_test_add_func ("/normalize/domain", test_domain);
  g_test_add_func ("/normalize/linkedin", test_linkedin);
  g_test_add_func ("/normalize/address", test_address);

  return g_test_run ();
}
