/* describe-fixture.c — realistic Salesforce describe JSON for tests, with the real keys
 *
 * Shapes follow docs/salesforce-api.md §4.2: every field entry carries the keys a real describe
 * has, so the parser is tested against what it will meet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "describe-fixture.h"

typedef struct
{
  const char *name;
  const char *label;
  const char *type;
  int         length;
  gboolean    nillable;
  gboolean    createable;
  gboolean    updateable;
  gboolean    calculated;
  gboolean    external_id;
  gboolean    defaulted;
  const char *picklist;   /* "a|b|c" */
} Field;

static const Field contact_fields[] = {
  { "Id", "Contact ID", "id", 18, FALSE, FALSE, FALSE, FALSE, FALSE, TRUE, NULL },
  { "IsDeleted", "Deleted", "boolean", 0, FALSE, FALSE, FALSE, FALSE, FALSE, TRUE, NULL },
  { "MasterRecordId", "Master Record ID", "reference", 18, TRUE, FALSE, FALSE, FALSE, FALSE, FALSE, NULL },
  { "AccountId", "Account ID", "reference", 18, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, NULL },
  { "LastName", "Last Name", "string", 80, FALSE, TRUE, TRUE, FALSE, FALSE, FALSE, NULL },
  { "FirstName", "First Name", "string", 40, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, NULL },
  { "Salutation", "Salutation", "picklist", 40, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, "Mr.|Ms.|Mrs.|Dr.|Prof." },
  { "Name", "Full Name", "string", 121, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, NULL },
  { "MailingStreet", "Mailing Street", "textarea", 255, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, NULL },
  { "MailingCity", "Mailing City", "string", 40, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, NULL },
  { "MailingState", "Mailing State/Province", "string", 80, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, NULL },
  { "MailingPostalCode", "Mailing Zip/Postal Code", "string", 20, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, NULL },
  { "MailingCountry", "Mailing Country", "string", 80, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, NULL },
  { "MailingAddress", "Mailing Address", "address", 0, TRUE, FALSE, FALSE, FALSE, FALSE, FALSE, NULL },
  { "Phone", "Business Phone", "phone", 40, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, NULL },
  { "MobilePhone", "Mobile Phone", "phone", 40, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, NULL },
  { "Email", "Email", "email", 80, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, NULL },
  { "Title", "Title", "string", 128, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, NULL },
  { "Department", "Department", "string", 80, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, NULL },
  { "LeadSource", "Lead Source", "picklist", 255, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, "Web|Phone Inquiry|Partner Referral|Purchased List|Other" },
  { "Birthdate", "Birthdate", "date", 0, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, NULL },
  { "OwnerId", "Owner ID", "reference", 18, FALSE, TRUE, TRUE, FALSE, FALSE, TRUE, NULL },
  { "HasOptedOutOfEmail", "Email Opt Out", "boolean", 0, FALSE, TRUE, TRUE, FALSE, FALSE, TRUE, NULL },
  { "DoNotCall", "Do Not Call", "boolean", 0, FALSE, TRUE, TRUE, FALSE, FALSE, TRUE, NULL },
  { "CreatedDate", "Created Date", "datetime", 0, FALSE, FALSE, FALSE, FALSE, FALSE, TRUE, NULL },
  { "LastModifiedDate", "Last Modified Date", "datetime", 0, FALSE, FALSE, FALSE, FALSE, FALSE, TRUE, NULL },
  { "SystemModstamp", "System Modstamp", "datetime", 0, FALSE, FALSE, FALSE, FALSE, FALSE, TRUE, NULL },
  { "Segment__c", "Segment", "picklist", 255, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, "SMB|Mid-Market|Enterprise" },
  { "Lifetime_Value__c", "Lifetime Value", "currency", 0, TRUE, FALSE, FALSE, TRUE, FALSE, FALSE, NULL },
  { "External_Key__c", "External Key", "string", 64, TRUE, TRUE, TRUE, FALSE, TRUE, FALSE, NULL },
  { "Score__c", "Score", "double", 0, TRUE, TRUE, TRUE, FALSE, FALSE, FALSE, NULL },
};

static const char *
soap_type (const char *type)
{
  if (g_str_equal (type, "id"))
    return "tns:ID";
  if (g_str_equal (type, "reference"))
    return "tns:ID";
  if (g_str_equal (type, "boolean"))
    return "xsd:boolean";
  if (g_str_equal (type, "datetime"))
    return "xsd:dateTime";
  if (g_str_equal (type, "date"))
    return "xsd:date";
  if (g_str_equal (type, "double") || g_str_equal (type, "currency"))
    return "xsd:double";
  if (g_str_equal (type, "address"))
    return "urn:address";
  return "xsd:string";
}

static void
append_field (GString     *s,
              const Field *f,
              gboolean     custom)
{
  g_autofree char *label = g_strescape (f->label, NULL);

  g_string_append_printf (s,
    "{\"aggregatable\":true,\"aiPredictionField\":false,\"autoNumber\":false,\"byteLength\":%d,"
    "\"calculated\":%s,\"calculatedFormula\":%s,\"cascadeDelete\":false,\"caseSensitive\":false,"
    "\"compoundFieldName\":null,\"controllerName\":null,\"createable\":%s,\"custom\":%s,"
    "\"defaultValue\":null,\"defaultValueFormula\":null,\"defaultedOnCreate\":%s,"
    "\"dependentPicklist\":false,\"deprecatedAndHidden\":false,\"digits\":0,"
    "\"displayLocationInDecimal\":false,\"encrypted\":false,\"externalId\":%s,\"extraTypeInfo\":null,"
    "\"filterable\":true,\"filteredLookupInfo\":null,\"groupable\":true,\"highScaleNumber\":false,"
    "\"htmlFormatted\":false,\"idLookup\":%s,\"inlineHelpText\":null,\"label\":\"%s\",\"length\":%d,"
    "\"mask\":null,\"maskType\":null,\"name\":\"%s\",\"nameField\":false,\"namePointing\":false,"
    "\"nillable\":%s,\"permissionable\":%s,\"picklistValues\":[",
    f->length * 3, f->calculated ? "true" : "false", f->calculated ? "\"Amount__c * 12\"" : "null",
    f->createable ? "true" : "false", custom ? "true" : "false", f->defaulted ? "true" : "false",
    f->external_id ? "true" : "false", g_str_equal (f->type, "id") ? "true" : "false", label, f->length,
    f->name, f->nillable ? "true" : "false", f->nillable ? "true" : "false");

  if (f->picklist != NULL)
    {
      g_auto(GStrv) values = g_strsplit (f->picklist, "|", -1);

      for (guint i = 0; values[i] != NULL; i++)
        g_string_append_printf (s, "%s{\"active\":true,\"defaultValue\":false,\"label\":\"%s\",\"validFor\":null,\"value\":\"%s\"}",
                                i > 0 ? "," : "", values[i], values[i]);
      g_string_append (s, ",{\"active\":false,\"defaultValue\":false,\"label\":\"Retired\",\"validFor\":null,\"value\":\"Retired\"}");
    }

  g_string_append_printf (s,
    "],\"polymorphicForeignKey\":false,\"precision\":0,\"queryByDistance\":false,"
    "\"referenceTargetField\":null,\"referenceTo\":[],\"relationshipName\":null,\"relationshipOrder\":null,"
    "\"restrictedDelete\":false,\"restrictedPicklist\":false,\"scale\":0,\"searchPrefilterable\":false,"
    "\"soapType\":\"%s\",\"sortable\":true,\"type\":\"%s\",\"unique\":false,\"updateable\":%s,"
    "\"writeRequiresMasterRead\":false}",
    soap_type (f->type), f->type, f->updateable ? "true" : "false");
}

char *
describe_fixture_contact (guint               extra_custom,
                          const char * const *without)
{
  return describe_fixture_contact_full (extra_custom, without, NULL);
}

char *
describe_fixture_contact_full (guint               extra_custom,
                               const char * const *without,
                               const char * const *formulas)
{
  GString *s = g_string_new (NULL);
  gboolean first = TRUE;

  g_string_append (s,
    "{\"actionOverrides\":[],\"activateable\":false,\"childRelationships\":[],\"compactLayoutable\":true,"
    "\"createable\":true,\"custom\":false,\"customSetting\":false,\"deletable\":true,"
    "\"deprecatedAndHidden\":false,\"feedEnabled\":true,\"fields\":[");

  for (guint i = 0; i < G_N_ELEMENTS (contact_fields); i++)
    {
      if (without != NULL && g_strv_contains (without, contact_fields[i].name))
        continue;
      Field field = contact_fields[i];

      if (formulas != NULL && g_strv_contains (formulas, field.name))
        {
          field.calculated = TRUE;
          field.createable = FALSE;
          field.updateable = FALSE;
        }
      if (!first)
        g_string_append_c (s, ',');
      first = FALSE;
      append_field (s, &field, g_str_has_suffix (field.name, "__c"));
    }

  for (guint i = 0; i < extra_custom; i++)
    {
      g_autofree char *name = g_strdup_printf ("Custom_Field_%04u__c", i + 1);
      g_autofree char *label = g_strdup_printf ("Custom Field %04u", i + 1);
      Field f = { name, label, i % 7 == 3 ? "double" : "string", i % 7 == 3 ? 0 : 255,
                  TRUE, TRUE, i % 11 != 5, i % 11 == 5, i % 97 == 0, FALSE, NULL };

      if (without != NULL && g_strv_contains (without, name))
        continue;
      g_string_append_c (s, ',');
      append_field (s, &f, TRUE);
    }

  g_string_append (s,
    "],\"hasSubtypes\":false,\"keyPrefix\":\"003\",\"label\":\"Contact\",\"labelPlural\":\"Contacts\","
    "\"layoutable\":true,\"mergeable\":true,\"mruEnabled\":true,\"name\":\"Contact\","
    "\"namedLayoutInfos\":[],\"networkScopeFieldName\":null,\"queryable\":true,"
    "\"recordTypeInfos\":[{\"available\":true,\"defaultRecordTypeMapping\":true,\"master\":true,"
    "\"name\":\"Master\",\"recordTypeId\":\"012000000000000AAA\",\"urls\":{}}],"
    "\"replicateable\":true,\"retrieveable\":true,\"searchLayoutable\":true,\"searchable\":true,"
    "\"supportedScopes\":[],\"triggerable\":true,\"undeletable\":true,\"updateable\":true,"
    "\"urls\":{\"describe\":\"/services/data/v62.0/sobjects/Contact/describe\","
    "\"sobject\":\"/services/data/v62.0/sobjects/Contact\"}}");

  return g_string_free (s, FALSE);
}
