/* aud-normalize-email.c — emails: case, display names, plus tags, Gmail dots, placeholders
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-normalize.h"
#include "aud-normalize-private.h"

/* Values people type when a form insists on an email. Matching on them would merge everyone
 * who typed the same one, so they count as no email at all. */
static const char * const placeholder_locals[] = {
  "noemail", "no-email", "none", "null", "nil", "na", "n-a", "unknown", "nobody", "noone",
  "no", "test", "asdf", "xxx", "abc", "email", "donotreply", "do-not-reply", NULL
};

static const char * const placeholder_domains[] = {
  "example.com", "example.org", "example.net", "test.com", "none.com", "noemail.com",
  "nomail.com", "email.com", "domain.com", "invalid", "localhost", "unknown.com", NULL
};

/* Shared mailboxes: not a person, so they are weak evidence of identity. */
static const char * const role_locals[] = {
  "info", "sales", "support", "admin", "contact", "contactus", "hello", "office", "team",
  "marketing", "billing", "help", "enquiries", "inquiries", "hr", "jobs", "careers", "noreply",
  "no-reply", "webmaster", "accounts", "accounting", "press", "service", "reception", "mail",
  "general", "orders", "finance", "legal", "privacy", "security", "it", "ops", "purchasing", NULL
};

static gboolean
valid_local_char (char c)
{
  return g_ascii_isalnum (c) || strchr ("!#$%&*+-/=?^_{|}~.'", c) != NULL;
}

static gboolean
valid_domain (const char *domain)
{
  const char *last_dot = strrchr (domain, '.');
  gsize label_len = 0;

  if (last_dot == NULL || last_dot == domain || strlen (last_dot + 1) < 2)
    return FALSE;
  for (const char *p = last_dot + 1; *p != '\0'; p++)
    if (!g_ascii_isalpha (*p))
      return FALSE;
  for (const char *p = domain; *p != '\0'; p++)
    {
      if (*p == '.')
        {
          if (label_len == 0 || p[-1] == '-')
            return FALSE;
          label_len = 0;
        }
      else if (g_ascii_isalnum (*p) || (*p == '-' && label_len > 0))
        label_len++;
      else
        return FALSE;
    }
  return TRUE;
}

char *
aud_normalize_email (const char *raw)
{
  g_autofree char *s = NULL;
  g_autofree char *local = NULL;
  const char *start, *end, *at;
  char *domain;
  GString *out;

  if (raw == NULL)
    return NULL;

  /* "Jane Doe <Jane@Example.com>" and "mailto:" links both happen in CSV exports. */
  start = strchr (raw, '<');
  if (start != NULL && (end = strchr (start, '>')) != NULL)
    s = g_strndup (start + 1, end - start - 1);
  else
    s = g_strdup (raw);
  g_strstrip (s);
  if (g_ascii_strncasecmp (s, "mailto:", 7) == 0)
    memmove (s, s + 7, strlen (s + 7) + 1);
  g_strstrip (s);

  at = strchr (s, '@');
  if (at == NULL || at == s || strchr (at + 1, '@') != NULL)
    return NULL;
  for (const char *p = s; p < at; p++)
    if (!valid_local_char (*p))
      return NULL;

  local = g_ascii_strdown (s, at - s);
  domain = g_ascii_strdown (at + 1, -1);
  /* a trailing dot is a fully-qualified spelling of the same domain */
  if (*domain != '\0' && domain[strlen (domain) - 1] == '.')
    domain[strlen (domain) - 1] = '\0';

  if (!valid_domain (domain) || aud_normalize_in_list (placeholder_domains, domain, -1) ||
      aud_normalize_in_list (placeholder_locals, local, -1))
    {
      g_free (domain);
      return NULL;
    }

  if (g_str_equal (domain, "googlemail.com"))
    {
      g_free (domain);
      domain = g_strdup ("gmail.com");
    }

  out = g_string_sized_new (strlen (s));
  for (const char *p = local; *p != '\0'; p++)
    {
      /* Plus tags reach the same mailbox at Gmail, Microsoft 365, Fastmail, Proton and most
       * company domains hosted there; providers without them never allow '+' in names. */
      if (*p == '+' && p != local)
        break;
      /* Gmail ignores dots in the local part. */
      if (*p == '.' && g_str_equal (domain, "gmail.com"))
        continue;
      g_string_append_c (out, *p);
    }
  if (out->len == 0 || out->str[0] == '.' || out->str[out->len - 1] == '.' ||
      strstr (out->str, "..") != NULL)
    {
      g_string_free (out, TRUE);
      g_free (domain);
      return NULL;
    }
  g_string_append_c (out, '@');
  g_string_append (out, domain);
  g_free (domain);
  return g_string_free (out, FALSE);
}

const char *
aud_email_domain (const char *normalized_email)
{
  const char *at;

  if (normalized_email == NULL || (at = strchr (normalized_email, '@')) == NULL)
    return NULL;
  return at + 1;
}

gboolean
aud_email_is_role (const char *normalized_email)
{
  const char *at;

  if (normalized_email == NULL || (at = strchr (normalized_email, '@')) == NULL)
    return FALSE;
  return aud_normalize_in_list (role_locals, normalized_email, at - normalized_email);
}
