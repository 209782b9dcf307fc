/* aud-match-run-records.c — source record values as the matcher and survivorship read them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "aud-match-run-private.h"

/* ---- field names -------------------------------------------------------------------------- */

static const char * const contact_names[AUD_MATCH_N_FIELDS][6] = {
  [AUD_MATCH_FIELD_FIRST_NAME] = { "FirstName", "First_Name__c", NULL },
  [AUD_MATCH_FIELD_LAST_NAME] = { "LastName", "Last_Name__c", NULL },
  [AUD_MATCH_FIELD_EMAIL] = { "Email", "Work_Email__c", NULL },
  [AUD_MATCH_FIELD_ALT_EMAIL] = { "npe01__AlternateEmail__c", "npe01__HomeEmail__c", "Personal_Email__c",
                                  "Alternate_Email__c", "AlternateEmail", NULL },
  [AUD_MATCH_FIELD_PHONE] = { "Phone", "HomePhone", "OtherPhone", NULL },
  [AUD_MATCH_FIELD_MOBILE] = { "MobilePhone", "Mobile", NULL },
  [AUD_MATCH_FIELD_COMPANY] = { "Account.Name", "Company", "CompanyName", "AccountName", NULL },
  [AUD_MATCH_FIELD_WEBSITE] = { "Website", "Account.Website", "Company_Website__c", NULL },
  [AUD_MATCH_FIELD_LINKEDIN] = { "LinkedIn__c", "LinkedIn_URL__c", "LinkedInUrl__c", "LinkedIn", NULL },
  [AUD_MATCH_FIELD_STREET] = { "MailingStreet", "Street", "OtherStreet", NULL },
  [AUD_MATCH_FIELD_POSTAL_CODE] = { "MailingPostalCode", "PostalCode", "OtherPostalCode", NULL },
  [AUD_MATCH_FIELD_COUNTRY] = { "MailingCountryCode", "MailingCountry", "CountryCode", "Country", NULL },
  [AUD_MATCH_FIELD_ACCOUNT_ID] = { "AccountId", NULL },
};

static const char * const account_names[AUD_MATCH_N_FIELDS][6] = {
  [AUD_MATCH_FIELD_FIRST_NAME] = { NULL },
  [AUD_MATCH_FIELD_LAST_NAME] = { NULL },
  [AUD_MATCH_FIELD_EMAIL] = { "Email__c", NULL },
  [AUD_MATCH_FIELD_ALT_EMAIL] = { NULL },
  [AUD_MATCH_FIELD_PHONE] = { "Phone", NULL },
  [AUD_MATCH_FIELD_MOBILE] = { NULL },
  [AUD_MATCH_FIELD_COMPANY] = { "Name", "Company", "CompanyName", NULL },
  [AUD_MATCH_FIELD_WEBSITE] = { "Website", NULL },
  [AUD_MATCH_FIELD_LINKEDIN] = { "LinkedIn__c", "LinkedIn_Company_Page__c", "LinkedIn", NULL },
  [AUD_MATCH_FIELD_STREET] = { "BillingStreet", "ShippingStreet", "Street", NULL },
  [AUD_MATCH_FIELD_POSTAL_CODE] = { "BillingPostalCode", "ShippingPostalCode", "PostalCode", NULL },
  [AUD_MATCH_FIELD_COUNTRY] = { "BillingCountryCode", "BillingCountry", "CountryCode", "Country", NULL },
  [AUD_MATCH_FIELD_ACCOUNT_ID] = { "Id", NULL },
};

const char * const *
aud_match_run_field_names (AudMatchField field,
                           gboolean      accounts)
{
  g_return_val_if_fail (field < AUD_MATCH_N_FIELDS, NULL);
  return accounts ? account_names[field] : contact_names[field];
}

char *
aud_match_record_to_json (const AudMatchRecord *record,
                          gboolean              accounts)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (record != NULL, NULL);

  json_builder_begin_object (b);
  for (guint f = 0; f < AUD_MATCH_N_FIELDS; f++)
    {
      const char *name = aud_match_run_field_names (f, accounts)[0];

      if (record->values[f] == NULL || name == NULL || g_str_equal (name, "Id"))
        continue;
      json_builder_set_member_name (b, name);
      json_builder_add_string_value (b, record->values[f]);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

/* ---- records ------------------------------------------------------------------------------ */

void
aud_run_record_clear (AudRunRecord *record)
{
  g_clear_pointer (&record->modstamp_text, g_free);
  for (guint i = 0; i < record->n_fields; i++)
    g_free (record->values[i]);
  g_clear_pointer (&record->names, g_free);
  g_clear_pointer (&record->values, g_free);
  record->n_fields = 0;
}

static gint64
parse_modstamp (const char *text)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || *text == '\0')
    return 0;
  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (text, utc);
  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

static char *
node_to_text (JsonNode *node)
{
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
      }
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return NULL;
    }
}

static void
add_value (GPtrArray  *names,
           GPtrArray  *values,
           const char *name,
           JsonNode   *node)
{
  char *text;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      /* a relationship the sync stored nested ({"Account": {"Name": …}}) reads as "Account.Name" */
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *child = json_object_get_member (object, l->data);
          g_autofree char *full = NULL;

          if (!JSON_NODE_HOLDS_VALUE (child))
            continue;
          full = g_strconcat (name, ".", l->data, NULL);
          add_value (names, values, full, child);
        }
      return;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || (text = node_to_text (node)) == NULL)
    return;
  if (*text == '\0')
    {
      g_free (text);
      return;
    }
  g_ptr_array_add (names, (gpointer) g_intern_string (name));
  g_ptr_array_add (values, text);
}

void
aud_run_record_fill (AudRunRecord *info,
                     JsonParser   *parser,
                     gint64        id,
                     const char   *kind,
                     const char   *modstamp,
                     const char   *data)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) values = g_ptr_array_new ();

  aud_run_record_clear (info);
  info->id = id;
  info->kind = g_intern_string (kind);
  info->modstamp_text = g_strdup (modstamp);
  info->modstamp = parse_modstamp (modstamp);
  info->live = TRUE;
  info->changed = TRUE;

  /* a record whose values cannot be read still takes part, as a record without values */
  if (data != NULL && json_parser_load_from_data (parser, data, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *object = json_node_get_object (json_parser_get_root (parser));
      JsonObjectIter iter;
      const char *name;
      JsonNode *node;

      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, &node))
        add_value (names, values, name, node);
    }
  info->n_fields = names->len;
  info->names = (const char **) g_ptr_array_steal (names, NULL);
  info->values = (char **) g_ptr_array_steal (values, NULL);
}

static const char *
lookup (const AudRunRecord *info,
        const char         *interned)
{
  for (guint i = 0; i < info->n_fields; i++)
    if (info->names[i] == interned)
      return info->values[i];
  return NULL;
}

AudMatchRecord *
aud_run_record_to_match (const AudRunRecord *info,
                         gboolean            accounts)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, info->id);
  AudMatchRecord *record = aud_match_record_new (id, info->kind, info->modstamp);

  if (!info->live)
    return record;   /* an empty placeholder matches nothing */

  for (guint f = 0; f < AUD_MATCH_N_FIELDS; f++)
    {
      const char * const *names = aud_match_run_field_names (f, accounts);

      for (guint i = 0; names[i] != NULL; i++)
        {
          const char *value = lookup (info, g_intern_static_string (names[i]));

          if (value != NULL)
            {
              aud_match_record_set (record, f, value);
              break;
            }
        }
    }
  /* some sources hold one full name: the matcher splits it */
  if (!accounts && record->values[AUD_MATCH_FIELD_FIRST_NAME] == NULL &&
      record->values[AUD_MATCH_FIELD_LAST_NAME] == NULL)
    aud_match_record_set (record, AUD_MATCH_FIELD_FIRST_NAME, lookup (info, g_intern_static_string ("Name")));
  return record;
}
