/* aud-normalize-domain.c — registrable domains, free-mail providers and LinkedIn URLs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-normalize.h"
#include "aud-normalize-private.h"

/* Multi-label public suffixes seen in B2B data. Any other domain is taken to have a one-label
 * suffix ("acme.com", "acme.de"). A full public suffix list would be more exact and much bigger;
 * the cost of a miss is a company domain of "co.xx", which the matcher treats as noise. */
static const char * const two_label_suffixes[] = {
  "co.uk", "org.uk", "ac.uk", "gov.uk", "ltd.uk", "plc.uk", "me.uk", "net.uk", "nhs.uk",
  "com.au", "net.au", "org.au", "edu.au", "gov.au", "id.au", "co.nz", "org.nz", "net.nz",
  "co.jp", "ne.jp", "or.jp", "ac.jp", "co.in", "net.in", "org.in", "co.za", "org.za",
  "com.br", "net.br", "com.mx", "com.ar", "com.sg", "com.hk", "com.cn", "net.cn", "org.cn",
  "co.kr", "or.kr", "com.tr", "co.il", "org.il", "com.tw", "co.id", "com.my", "com.ph",
  "com.vn", "co.th", "com.sa", "com.eg", "com.ng", "co.ke", "com.pl", "com.es", "com.pt",
  "co.at", "or.at", "gv.at", "com.co", "com.pe", "com.ua", NULL
};

/* Providers of personal mailboxes: their domain says nothing about an employer. Matched on the
 * label left of the suffix so "yahoo.co.uk" and "hotmail.fr" count too. */
static const char * const free_mail_labels[] = {
  "gmail", "googlemail", "yahoo", "ymail", "rocketmail", "hotmail", "outlook", "live", "msn",
  "aol", "icloud", "me", "mac", "protonmail", "proton", "pm", "gmx", "web", "mail", "yandex",
  "zoho", "qq", "163", "126", "comcast", "verizon", "att", "sbcglobal", "btinternet", "orange",
  "free", "laposte", "wanadoo", "libero", "t-online", "fastmail", "hey", "tutanota", "seznam",
  "rediffmail", "naver", "hanmail", "bigpond", "optusnet", "shaw", "rogers", "sky", "virginmedia",
  "ntlworld", "talktalk", "cox", "charter", "earthlink", "juno", "inbox", "rambler", NULL
};

/* Lower-cased host of a URL, bare host or email, without "www." and port; NULL if unusable. */
static char *
extract_host (const char *input)
{
  g_autofree char *s = g_strstrip (g_strdup (input));
  const char *p = s;
  const char *at, *end;
  char *host;

  if (strstr (p, "://") != NULL)
    p = strstr (p, "://") + 3;
  end = p + strcspn (p, "/?#");
  at = memchr (p, '@', end - p);
  if (at != NULL)
    p = at + 1;
  end = p + strcspn (p, "/?#:");
  if (end == p)
    return NULL;
  host = g_ascii_strdown (p, end - p);
  if (host[strlen (host) - 1] == '.')
    host[strlen (host) - 1] = '\0';
  for (const char *q = host; *q != '\0'; q++)
    if (!g_ascii_isalnum (*q) && *q != '-' && *q != '.')
      {
        g_free (host);
        return NULL;
      }
  return host;
}

char *
aud_registrable_domain (const char *url_host_or_email)
{
  g_autofree char *host = NULL;
  g_auto(GStrv) labels = NULL;
  const char *last_dot, *p;
  gboolean numeric = TRUE;
  guint suffix_labels = 1;
  guint n_labels;

  if (url_host_or_email == NULL || (host = extract_host (url_host_or_email)) == NULL)
    return NULL;
  if ((last_dot = strrchr (host, '.')) == NULL || last_dot == host)
    return NULL;
  for (p = last_dot + 1; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      numeric = FALSE;
  if (numeric || strlen (last_dot + 1) < 2)
    return NULL;  /* an IP address or a truncated name */

  for (guint i = 0; two_label_suffixes[i] != NULL; i++)
    {
      gsize len = strlen (two_label_suffixes[i]);
      gsize host_len = strlen (host);

      if (host_len > len + 1 && host[host_len - len - 1] == '.' &&
          strcmp (host + host_len - len, two_label_suffixes[i]) == 0)
        {
          suffix_labels = 2;
          break;
        }
      if (strcmp (host, two_label_suffixes[i]) == 0)
        return NULL;
    }

  /* keep the suffix labels plus one */
  labels = g_strsplit (host, ".", -1);
  n_labels = g_strv_length (labels);
  for (guint i = 0; i < n_labels; i++)
    if (labels[i][0] == '\0')
      return NULL;
  if (n_labels < suffix_labels + 1)
    return NULL;
  return g_strjoinv (".", labels + n_labels - suffix_labels - 1);
}

gboolean
aud_domain_is_free_mail (const char *registrable_domain)
{
  const char *dot;

  if (registrable_domain == NULL || (dot = strchr (registrable_domain, '.')) == NULL)
    return FALSE;
  return aud_normalize_in_list (free_mail_labels, registrable_domain, dot - registrable_domain);
}

char *
aud_company_domain (const char *url_host_or_email)
{
  g_autofree char *domain = aud_registrable_domain (url_host_or_email);

  if (domain == NULL || aud_domain_is_free_mail (domain))
    return NULL;
  return g_steal_pointer (&domain);
}

char *
aud_normalize_linkedin (const char *raw)
{
  g_autofree char *s = NULL;
  g_autofree char *host = NULL;
  g_auto(GStrv) segments = NULL;
  const char *path;
  GString *slug;

  if (raw == NULL)
    return NULL;
  s = g_strstrip (g_strdup (raw));
  path = strstr (s, "://") != NULL ? strstr (s, "://") + 3 : s;

  /* Bare "in/jane-doe" is how some tools export it. */
  if (!g_str_has_prefix (path, "in/") && !g_str_has_prefix (path, "company/"))
    {
      const char *slash = strchr (path, '/');

      if (slash == NULL)
        return NULL;
      host = g_ascii_strdown (path, slash - path);
      if (!g_str_equal (host, "linkedin.com") && !g_str_has_suffix (host, ".linkedin.com"))
        return NULL;
      path = slash + 1;
    }

  segments = g_strsplit_set (path, "/?#", 4);
  if (segments[0] == NULL || segments[1] == NULL || segments[1][0] == '\0')
    return NULL;
  if (g_ascii_strcasecmp (segments[0], "in") != 0 &&
      g_ascii_strcasecmp (segments[0], "company") != 0 &&
      g_ascii_strcasecmp (segments[0], "pub") != 0)
    return NULL;

  slug = g_string_new (NULL);
  g_string_append (slug, g_ascii_strcasecmp (segments[0], "company") == 0 ? "company/" : "in/");
  {
    g_autofree char *unescaped = g_uri_unescape_string (segments[1], NULL);
    g_autofree char *lower = g_utf8_strdown (unescaped != NULL ? unescaped : segments[1], -1);

    g_string_append (slug, lower);
  }
  return g_string_free (slug, FALSE);
}
