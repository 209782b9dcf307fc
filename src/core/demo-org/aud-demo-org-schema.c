/* aud-demo-org-schema.c — the demo org's sObjects: describe metadata and the SOQL schema
 *
 * One table of field definitions per object drives describe, the SQLite tables, writability
 * checks and SOQL resolution, so they can't disagree. Field names, types and lengths follow
 * docs/salesforce-api.md §4.3.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "aud-demo-org-private.h"

typedef struct
{
  const char *name;
  const char *label;
  const char *type;
  guint       length;
  guint       flags;
  const char *reference_to;
  const char *relationship_name;
  const char *compound;
  const char * const *picklist;
  const char *formula;
} FieldDef;

#define RO 0
#define RON DEMO_FIELD_NILLABLE
#define RW DEMO_RW
#define F(n, l, t, len, fl) { n, l, t, len, fl, NULL, NULL, NULL, NULL, NULL }
#define REF(n, l, to, rel, fl) { n, l, "reference", 18, fl, to, rel, NULL, NULL, NULL }
#define PART(n, l, t, len, comp) { n, l, t, len, RW, NULL, NULL, comp, NULL, NULL }
#define PICK(n, l, vals, fl) { n, l, "picklist", 255, fl, NULL, NULL, NULL, vals, NULL }
#define ADDRESS(n, l) { n, l, "address", 0, RON | DEMO_FIELD_NOFILTER, NULL, NULL, NULL, NULL, NULL }
#define FORMULA(n, l, t, len, f) { n, l, t, len, RON | DEMO_FIELD_CUSTOM | DEMO_FIELD_CALCULATED, NULL, NULL, NULL, NULL, f }
#define END { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL }

static const char * const salutations[] = { "Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Mx.", NULL };
static const char * const lead_sources[] = { "Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other", NULL };
static const char * const levels[] = { "Primary", "Secondary", "Tertiary", NULL };
static const char * const account_types[] = { "Prospect", "Customer - Direct", "Customer - Channel",
                                              "Channel Partner / Reseller", "Installation Partner",
                                              "Technology Partner", "Other", NULL };
static const char * const industries[] = { "Agriculture", "Apparel", "Banking", "Biotechnology", "Chemicals",
                                           "Communications", "Construction", "Consulting", "Education",
                                           "Electronics", "Energy", "Engineering", "Entertainment",
                                           "Finance", "Government", "Healthcare", "Hospitality", "Insurance",
                                           "Machinery", "Manufacturing", "Media", "Not For Profit",
                                           "Recreation", "Retail", "Shipping", "Technology",
                                           "Telecommunications", "Transportation", "Utilities", "Other", NULL };
static const char * const ratings[] = { "Hot", "Warm", "Cold", NULL };
static const char * const ownerships[] = { "Public", "Private", "Subsidiary", "Other", NULL };
static const char * const priorities[] = { "High", "Low", "Medium", NULL };
static const char * const slas[] = { "Gold", "Silver", "Platinum", "Bronze", NULL };
static const char * const lead_status[] = { "Open - Not Contacted", "Working - Contacted",
                                            "Closed - Converted", "Closed - Not Converted", NULL };
static const char * const stages[] = { "Prospecting", "Qualification", "Needs Analysis", "Value Proposition",
                                       "Id. Decision Makers", "Perception Analysis", "Proposal/Price Quote",
                                       "Negotiation/Review", "Closed Won", "Closed Lost", NULL };
static const char * const opp_types[] = { "Existing Customer - Upgrade", "Existing Customer - Replacement",
                                          "Existing Customer - Downgrade", "New Customer", NULL };
static const char * const forecast[] = { "Omitted", "Pipeline", "BestCase", "Forecast", "Closed", NULL };

#define SYSTEM_HEAD \
  { "Id", "Contact ID", "id", 18, DEMO_FIELD_DEFAULTED, NULL, NULL, NULL, NULL, NULL }, \
  F ("IsDeleted", "Deleted", "boolean", 0, DEMO_FIELD_DEFAULTED)

#define SYSTEM_TAIL \
  REF ("CreatedById", "Created By ID", "User", "CreatedBy", DEMO_FIELD_DEFAULTED), \
  F ("CreatedDate", "Created Date", "datetime", 0, DEMO_FIELD_DEFAULTED), \
  REF ("LastModifiedById", "Last Modified By ID", "User", "LastModifiedBy", DEMO_FIELD_DEFAULTED), \
  F ("LastModifiedDate", "Last Modified Date", "datetime", 0, DEMO_FIELD_DEFAULTED), \
  F ("SystemModstamp", "System Modstamp", "datetime", 0, DEMO_FIELD_DEFAULTED), \
  F ("LastActivityDate", "Last Activity", "date", 0, RON)

static const FieldDef contact_fields[] = {
  SYSTEM_HEAD,
  REF ("MasterRecordId", "Master Record ID", "Contact", "MasterRecord", RON),
  REF ("AccountId", "Account ID", "Account", "Account", RW),
  F ("LastName", "Last Name", "string", 80, DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE),
  F ("FirstName", "First Name", "string", 40, RW),
  PICK ("Salutation", "Salutation", salutations, RW),
  F ("Name", "Full Name", "string", 121, DEMO_FIELD_NAME),
  PART ("OtherStreet", "Other Street", "textarea", 255, "OtherAddress"),
  PART ("OtherCity", "Other City", "string", 40, "OtherAddress"),
  PART ("OtherState", "Other State/Province", "string", 80, "OtherAddress"),
  PART ("OtherPostalCode", "Other Zip/Postal Code", "string", 20, "OtherAddress"),
  PART ("OtherCountry", "Other Country", "string", 80, "OtherAddress"),
  PART ("OtherLatitude", "Other Latitude", "double", 0, "OtherAddress"),
  PART ("OtherLongitude", "Other Longitude", "double", 0, "OtherAddress"),
  ADDRESS ("OtherAddress", "Other Address"),
  PART ("MailingStreet", "Mailing Street", "textarea", 255, "MailingAddress"),
  PART ("MailingCity", "Mailing City", "string", 40, "MailingAddress"),
  PART ("MailingState", "Mailing State/Province", "string", 80, "MailingAddress"),
  PART ("MailingPostalCode", "Mailing Zip/Postal Code", "string", 20, "MailingAddress"),
  PART ("MailingCountry", "Mailing Country", "string", 80, "MailingAddress"),
  PART ("MailingLatitude", "Mailing Latitude", "double", 0, "MailingAddress"),
  PART ("MailingLongitude", "Mailing Longitude", "double", 0, "MailingAddress"),
  ADDRESS ("MailingAddress", "Mailing Address"),
  F ("Phone", "Business Phone", "phone", 40, RW),
  F ("Fax", "Business Fax", "phone", 40, RW),
  F ("MobilePhone", "Mobile Phone", "phone", 40, RW),
  F ("HomePhone", "Home Phone", "phone", 40, RW),
  F ("OtherPhone", "Other Phone", "phone", 40, RW),
  F ("AssistantPhone", "Asst. Phone", "phone", 40, RW),
  REF ("ReportsToId", "Reports To ID", "Contact", "ReportsTo", RW),
  F ("Email", "Email", "email", 80, RW),
  F ("Title", "Title", "string", 128, RW),
  F ("Department", "Department", "string", 80, RW),
  F ("AssistantName", "Assistant's Name", "string", 40, RW),
  PICK ("LeadSource", "Lead Source", lead_sources, RW),
  F ("Birthdate", "Birthdate", "date", 0, RW),
  F ("Description", "Contact Description", "textarea", 32000, RW | DEMO_FIELD_NOFILTER),
  REF ("OwnerId", "Owner ID", "User", "Owner", DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE | DEMO_FIELD_DEFAULTED),
  F ("HasOptedOutOfEmail", "Email Opt Out", "boolean", 0, DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE | DEMO_FIELD_DEFAULTED),
  F ("HasOptedOutOfFax", "Fax Opt Out", "boolean", 0, DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE | DEMO_FIELD_DEFAULTED),
  F ("DoNotCall", "Do Not Call", "boolean", 0, DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE | DEMO_FIELD_DEFAULTED),
  SYSTEM_TAIL,
  F ("EmailBouncedReason", "Email Bounced Reason", "string", 255, RW),
  F ("EmailBouncedDate", "Email Bounced Date", "datetime", 0, RW),
  F ("IsEmailBounced", "Is Email Bounced", "boolean", 0, DEMO_FIELD_DEFAULTED),
  { "Languages__c", "Languages", "string", 100, RW | DEMO_FIELD_CUSTOM, NULL, NULL, NULL, NULL, NULL },
  { "Level__c", "Level", "picklist", 255, RW | DEMO_FIELD_CUSTOM | DEMO_FIELD_RESTRICTED, NULL, NULL, NULL, levels, NULL },
  { "Secondary_Email__c", "Secondary Email", "email", 80, RW | DEMO_FIELD_CUSTOM, NULL, NULL, NULL, NULL, NULL },
  FORMULA ("Email_Domain__c", "Email Domain", "string", 1300, "SUBSTITUTE(Email, LEFT(Email, FIND(\"@\", Email)), NULL)"),
  END
};

static const FieldDef account_fields[] = {
  SYSTEM_HEAD,
  REF ("MasterRecordId", "Master Record ID", "Account", "MasterRecord", RON),
  F ("Name", "Account Name", "string", 255, DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE | DEMO_FIELD_NAME),
  PICK ("Type", "Account Type", account_types, RW),
  REF ("ParentId", "Parent Account ID", "Account", "Parent", RW),
  PART ("BillingStreet", "Billing Street", "textarea", 255, "BillingAddress"),
  PART ("BillingCity", "Billing City", "string", 40, "BillingAddress"),
  PART ("BillingState", "Billing State/Province", "string", 80, "BillingAddress"),
  PART ("BillingPostalCode", "Billing Zip/Postal Code", "string", 20, "BillingAddress"),
  PART ("BillingCountry", "Billing Country", "string", 80, "BillingAddress"),
  PART ("BillingLatitude", "Billing Latitude", "double", 0, "BillingAddress"),
  PART ("BillingLongitude", "Billing Longitude", "double", 0, "BillingAddress"),
  ADDRESS ("BillingAddress", "Billing Address"),
  PART ("ShippingStreet", "Shipping Street", "textarea", 255, "ShippingAddress"),
  PART ("ShippingCity", "Shipping City", "string", 40, "ShippingAddress"),
  PART ("ShippingState", "Shipping State/Province", "string", 80, "ShippingAddress"),
  PART ("ShippingPostalCode", "Shipping Zip/Postal Code", "string", 20, "ShippingAddress"),
  PART ("ShippingCountry", "Shipping Country", "string", 80, "ShippingAddress"),
  PART ("ShippingLatitude", "Shipping Latitude", "double", 0, "ShippingAddress"),
  PART ("ShippingLongitude", "Shipping Longitude", "double", 0, "ShippingAddress"),
  ADDRESS ("ShippingAddress", "Shipping Address"),
  F ("Phone", "Account Phone", "phone", 40, RW),
  F ("Fax", "Account Fax", "phone", 40, RW),
  F ("AccountNumber", "Account Number", "string", 40, RW),
  F ("Website", "Website", "url", 255, RW),
  F ("PhotoUrl", "Photo URL", "url", 255, RON),
  F ("Sic", "SIC Code", "string", 20, RW),
  PICK ("Industry", "Industry", industries, RW),
  F ("AnnualRevenue", "Annual Revenue", "currency", 0, RW),
  F ("NumberOfEmployees", "Employees", "int", 0, RW),
  PICK ("Ownership", "Ownership", ownerships, RW),
  F ("TickerSymbol", "Ticker Symbol", "string", 20, RW),
  F ("Description", "Account Description", "textarea", 32000, RW | DEMO_FIELD_NOFILTER),
  PICK ("Rating", "Account Rating", ratings, RW),
  F ("Site", "Account Site", "string", 80, RW),
  REF ("OwnerId", "Owner ID", "User", "Owner", DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE | DEMO_FIELD_DEFAULTED),
  SYSTEM_TAIL,
  F ("Jigsaw", "Data.com Key", "string", 20, RW),
  PICK ("AccountSource", "Account Source", lead_sources, RW),
  F ("SicDesc", "SIC Description", "string", 80, RW),
  { "CustomerPriority__c", "Customer Priority", "picklist", 255, RW | DEMO_FIELD_CUSTOM, NULL, NULL, NULL, priorities, NULL },
  { "SLA__c", "SLA", "picklist", 255, RW | DEMO_FIELD_CUSTOM | DEMO_FIELD_RESTRICTED, NULL, NULL, NULL, slas, NULL },
  { "NumberofLocations__c", "Number of Locations", "double", 0, RW | DEMO_FIELD_CUSTOM, NULL, NULL, NULL, NULL, NULL },
  FORMULA ("Website_Domain__c", "Website Domain", "string", 1300, "SUBSTITUTE(SUBSTITUTE(Website, \"https://\", NULL), \"www.\", NULL)"),
  END
};

static const FieldDef lead_fields[] = {
  SYSTEM_HEAD,
  REF ("MasterRecordId", "Master Record ID", "Lead", "MasterRecord", RON),
  F ("LastName", "Last Name", "string", 80, DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE),
  F ("FirstName", "First Name", "string", 40, RW),
  PICK ("Salutation", "Salutation", salutations, RW),
  F ("Name", "Full Name", "string", 121, DEMO_FIELD_NAME),
  F ("Title", "Title", "string", 128, RW),
  F ("Company", "Company", "string", 255, DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE),
  PART ("Street", "Street", "textarea", 255, "Address"),
  PART ("City", "City", "string", 40, "Address"),
  PART ("State", "State/Province", "string", 80, "Address"),
  PART ("PostalCode", "Zip/Postal Code", "string", 20, "Address"),
  PART ("Country", "Country", "string", 80, "Address"),
  PART ("Latitude", "Latitude", "double", 0, "Address"),
  PART ("Longitude", "Longitude", "double", 0, "Address"),
  ADDRESS ("Address", "Address"),
  F ("Phone", "Phone", "phone", 40, RW),
  F ("MobilePhone", "Mobile Phone", "phone", 40, RW),
  F ("Fax", "Fax", "phone", 40, RW),
  F ("Email", "Email", "email", 80, RW),
  F ("Website", "Website", "url", 255, RW),
  F ("Description", "Description", "textarea", 32000, RW | DEMO_FIELD_NOFILTER),
  PICK ("LeadSource", "Lead Source", lead_sources, RW),
  { "Status", "Status", "picklist", 255, DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE | DEMO_FIELD_DEFAULTED, NULL, NULL, NULL, lead_status, NULL },
  PICK ("Industry", "Industry", industries, RW),
  PICK ("Rating", "Rating", ratings, RW),
  F ("AnnualRevenue", "Annual Revenue", "currency", 0, RW),
  F ("NumberOfEmployees", "Employees", "int", 0, RW),
  REF ("OwnerId", "Owner ID", "User", "Owner", DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE | DEMO_FIELD_DEFAULTED),
  F ("HasOptedOutOfEmail", "Email Opt Out", "boolean", 0, DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE | DEMO_FIELD_DEFAULTED),
  F ("IsConverted", "Converted", "boolean", 0, DEMO_FIELD_DEFAULTED),
  F ("ConvertedDate", "Converted Date", "date", 0, RON),
  REF ("ConvertedAccountId", "Converted Account ID", "Account", "ConvertedAccount", RON),
  REF ("ConvertedContactId", "Converted Contact ID", "Contact", "ConvertedContact", RON),
  F ("IsUnreadByOwner", "Unread By Owner", "boolean", 0, DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE | DEMO_FIELD_DEFAULTED),
  SYSTEM_TAIL,
  F ("DoNotCall", "Do Not Call", "boolean", 0, DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE | DEMO_FIELD_DEFAULTED),
  F ("EmailBouncedReason", "Email Bounced Reason", "string", 255, RW),
  F ("EmailBouncedDate", "Email Bounced Date", "datetime", 0, RW),
  END
};

static const FieldDef opportunity_fields[] = {
  SYSTEM_HEAD,
  REF ("AccountId", "Account ID", "Account", "Account", RW),
  F ("IsPrivate", "Private", "boolean", 0, DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE | DEMO_FIELD_DEFAULTED),
  F ("Name", "Name", "string", 120, DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE | DEMO_FIELD_NAME),
  F ("Description", "Description", "textarea", 32000, RW | DEMO_FIELD_NOFILTER),
  { "StageName", "Stage", "picklist", 255, DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE, NULL, NULL, NULL, stages, NULL },
  F ("Amount", "Amount", "currency", 0, RW),
  F ("Probability", "Probability (%)", "percent", 0, RW | DEMO_FIELD_DEFAULTED),
  F ("CloseDate", "Close Date", "date", 0, DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE),
  PICK ("Type", "Opportunity Type", opp_types, RW),
  F ("NextStep", "Next Step", "string", 255, RW),
  PICK ("LeadSource", "Lead Source", lead_sources, RW),
  F ("IsClosed", "Closed", "boolean", 0, DEMO_FIELD_DEFAULTED),
  F ("IsWon", "Won", "boolean", 0, DEMO_FIELD_DEFAULTED),
  { "ForecastCategory", "Forecast Category", "picklist", 255, DEMO_FIELD_DEFAULTED, NULL, NULL, NULL, forecast, NULL },
  REF ("OwnerId", "Owner ID", "User", "Owner", DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE | DEMO_FIELD_DEFAULTED),
  SYSTEM_TAIL,
  END
};

static const FieldDef user_fields[] = {
  { "Id", "User ID", "id", 18, DEMO_FIELD_DEFAULTED, NULL, NULL, NULL, NULL, NULL },
  F ("Username", "Username", "string", 80, DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE),
  F ("LastName", "Last Name", "string", 80, DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE),
  F ("FirstName", "First Name", "string", 40, RW),
  F ("Name", "Full Name", "string", 121, DEMO_FIELD_NAME),
  F ("CompanyName", "Company Name", "string", 80, RW),
  F ("Email", "Email", "email", 128, DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE),
  F ("Alias", "Alias", "string", 8, DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE),
  F ("IsActive", "Active", "boolean", 0, DEMO_FIELD_CREATEABLE | DEMO_FIELD_UPDATEABLE | DEMO_FIELD_DEFAULTED),
  F ("Title", "Title", "string", 80, RW),
  REF ("CreatedById", "Created By ID", "User", "CreatedBy", DEMO_FIELD_DEFAULTED),
  F ("CreatedDate", "Created Date", "datetime", 0, DEMO_FIELD_DEFAULTED),
  REF ("LastModifiedById", "Last Modified By ID", "User", "LastModifiedBy", DEMO_FIELD_DEFAULTED),
  F ("LastModifiedDate", "Last Modified Date", "datetime", 0, DEMO_FIELD_DEFAULTED),
  F ("SystemModstamp", "System Modstamp", "datetime", 0, DEMO_FIELD_DEFAULTED),
  END
};

typedef struct
{
  const char     *name;
  const char     *label;
  const char     *label_plural;
  const char     *prefix;
  const FieldDef *fields;
  gboolean        extra_fields;
} ObjectDef;

static const ObjectDef object_defs[] = {
  { "Account", "Account", "Accounts", "001", account_fields, TRUE },
  { "Contact", "Contact", "Contacts", "003", contact_fields, TRUE },
  { "Lead", "Lead", "Leads", "00Q", lead_fields, TRUE },
  { "Opportunity", "Opportunity", "Opportunities", "006", opportunity_fields, TRUE },
  { "User", "User", "Users", "005", user_fields, FALSE },
};

static AudSoqlFieldType
soql_type_for (const char *type)
{
  if (g_str_equal (type, "id"))
    return AUD_SOQL_TYPE_ID;
  if (g_str_equal (type, "reference"))
    return AUD_SOQL_TYPE_REFERENCE;
  if (g_str_equal (type, "boolean"))
    return AUD_SOQL_TYPE_BOOLEAN;
  if (g_str_equal (type, "int"))
    return AUD_SOQL_TYPE_INT;
  if (g_str_equal (type, "double") || g_str_equal (type, "currency") || g_str_equal (type, "percent"))
    return AUD_SOQL_TYPE_DOUBLE;
  if (g_str_equal (type, "date"))
    return AUD_SOQL_TYPE_DATE;
  if (g_str_equal (type, "datetime"))
    return AUD_SOQL_TYPE_DATETIME;
  if (g_str_equal (type, "address"))
    return AUD_SOQL_TYPE_ADDRESS;
  return AUD_SOQL_TYPE_STRING;
}

static const char *
soap_type_for (const char *type)
{
  switch (soql_type_for (type))
    {
    case AUD_SOQL_TYPE_ID:
    case AUD_SOQL_TYPE_REFERENCE: return "tns:ID";
    case AUD_SOQL_TYPE_BOOLEAN: return "xsd:boolean";
    case AUD_SOQL_TYPE_INT: return "xsd:int";
    case AUD_SOQL_TYPE_DOUBLE: return "xsd:double";
    case AUD_SOQL_TYPE_DATE: return "xsd:date";
    case AUD_SOQL_TYPE_DATETIME: return "xsd:dateTime";
    case AUD_SOQL_TYPE_ADDRESS: return "urn:address";
    case AUD_SOQL_TYPE_STRING:
    default: return "xsd:string";
    }
}

static void
demo_field_free (gpointer data)
{
  DemoField *field = data;

  g_free (field->name);
  g_free (field->label);
  g_free (field);
}

static void
demo_object_free (gpointer data)
{
  DemoObject *object = data;

  g_free (object->name);
  g_ptr_array_unref (object->fields);
  g_hash_table_unref (object->by_lower_name);
  g_hash_table_unref (object->by_relationship);
  g_free (object);
}

static void
add_field (DemoObject *object,
           DemoField  *field)
{
  field->soql.name = field->name;
  field->soql.type = soql_type_for (field->type);
  field->soql.relationship_name = field->relationship_name;
  /* Polymorphic references ("Group,User") join to their last target, User, for Owner.Name. */
  field->soql.reference_to = field->reference_to ? strrchr (field->reference_to, ',') ? strrchr (field->reference_to, ',') + 1
                                                                                      : field->reference_to
                                                 : NULL;
  field->soql.filterable = !(field->flags & DEMO_FIELD_NOFILTER);
  field->soql.sortable = !(field->flags & DEMO_FIELD_NOFILTER);

  g_ptr_array_add (object->fields, field);
  g_hash_table_insert (object->by_lower_name, g_ascii_strdown (field->name, -1), field);
  if (field->relationship_name != NULL)
    g_hash_table_insert (object->by_relationship, g_ascii_strdown (field->relationship_name, -1), field);
}

DemoSchema *
demo_schema_new (guint extra_custom_fields)
{
  DemoSchema *schema = g_new0 (DemoSchema, 1);

  schema->objects = g_ptr_array_new_with_free_func (demo_object_free);
  schema->by_lower_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Metadata changes only when the demo org's code does; a fixed date lets If-Modified-Since work. */
  schema->last_modified = g_date_time_new_utc (2025, 6, 1, 0, 0, 0);
  schema->last_modified_http = soup_date_time_to_string (schema->last_modified, SOUP_DATE_HTTP);

  for (guint i = 0; i < G_N_ELEMENTS (object_defs); i++)
    {
      const ObjectDef *def = &object_defs[i];
      DemoObject *object = g_new0 (DemoObject, 1);

      object->name = g_strdup (def->name);
      object->label = def->label;
      object->label_plural = def->label_plural;
      object->key_prefix = def->prefix;
      object->fields = g_ptr_array_new_with_free_func (demo_field_free);
      object->by_lower_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      object->by_relationship = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      object->has_is_deleted = !g_str_equal (def->name, "User");

      for (const FieldDef *fd = def->fields; fd->name != NULL; fd++)
        {
          DemoField *field = g_new0 (DemoField, 1);

          field->name = g_strdup (fd->name);
          field->label = g_str_equal (fd->name, "Id") ? g_strdup_printf ("%s ID", def->label)
                                                      : g_strdup (fd->label);
          field->type = fd->type;
          field->length = fd->length;
          field->flags = fd->flags;
          field->reference_to = fd->reference_to;
          field->relationship_name = fd->relationship_name;
          field->compound = fd->compound;
          field->picklist = fd->picklist;
          field->formula = fd->formula;
          add_field (object, field);

          /* Address parts are named <prefix>Street…; the compound is <prefix>Address. */
          if (g_str_equal (fd->type, "address"))
            {
              const char *suffix = g_str_has_suffix (fd->name, "Address") ? "Address" : "";

              g_autofree char *prefix = g_strndup (fd->name, strlen (fd->name) - strlen (suffix));

              field->address_prefix = g_intern_string (prefix);
            }
        }

      for (guint k = 0; def->extra_fields && k < extra_custom_fields; k++)
        {
          DemoField *field = g_new0 (DemoField, 1);

          field->name = g_strdup_printf ("Custom_Field_%03u__c", k + 1);
          field->label = g_strdup_printf ("Custom Field %03u", k + 1);
          field->type = (k % 5 == 4) ? "picklist" : "string";
          field->length = 255;
          field->flags = RW | DEMO_FIELD_CUSTOM;
          field->picklist = (k % 5 == 4) ? priorities : NULL;
          add_field (object, field);
        }

      g_ptr_array_add (schema->objects, object);
      g_hash_table_insert (schema->by_lower_name, g_ascii_strdown (def->name, -1), object);
    }

  return schema;
}

void
demo_schema_free (DemoSchema *schema)
{
  if (schema == NULL)
    return;
  g_ptr_array_unref (schema->objects);
  g_hash_table_unref (schema->by_lower_name);
  g_date_time_unref (schema->last_modified);
  g_free (schema->last_modified_http);
  g_free (schema);
}

DemoObject *
demo_schema_lookup (DemoSchema *schema,
                    const char *name)
{
  g_autofree char *lower = NULL;

  if (name == NULL)
    return NULL;
  lower = g_ascii_strdown (name, -1);
  return g_hash_table_lookup (schema->by_lower_name, lower);
}

DemoField *
demo_object_lookup_field (DemoObject *object,
                          const char *name)
{
  g_autofree char *lower = NULL;

  if (name == NULL)
    return NULL;
  lower = g_ascii_strdown (name, -1);
  return g_hash_table_lookup (object->by_lower_name, lower);
}

DemoField *
demo_object_lookup_relationship (DemoObject *object,
                                 const char *name)
{
  g_autofree char *lower = NULL;

  if (name == NULL)
    return NULL;
  lower = g_ascii_strdown (name, -1);
  return g_hash_table_lookup (object->by_relationship, lower);
}

gboolean
demo_field_is_stored (const DemoField *field)
{
  return !g_str_equal (field->type, "address");
}

gboolean
demo_field_is_text (const DemoField *field)
{
  AudSoqlFieldType t = field->soql.type;

  return t == AUD_SOQL_TYPE_STRING || t == AUD_SOQL_TYPE_ID || t == AUD_SOQL_TYPE_REFERENCE
         || t == AUD_SOQL_TYPE_DATE || t == AUD_SOQL_TYPE_DATETIME;
}

/* ---- SOQL schema callbacks ---- */

static const char *
soql_canonical_object (const char *name,
                       gpointer    user_data)
{
  DemoObject *object = demo_schema_lookup (user_data, name);

  return object ? object->name : NULL;
}

static const AudSoqlField *
soql_lookup_field (const char *object_name,
                   const char *name,
                   gpointer    user_data)
{
  DemoObject *object = demo_schema_lookup (user_data, object_name);
  DemoField *field;

  if (object == NULL)
    return NULL;
  field = demo_object_lookup_field (object, name);
  /* A relationship name ("Account" in Account.Name) resolves to its reference field, whose
   * relationship_name and reference_to lead the resolver to the parent. */
  if (field == NULL)
    field = demo_object_lookup_relationship (object, name);
  return field ? &field->soql : NULL;
}

AudSoqlSchema
demo_schema_soql (DemoSchema *schema)
{
  AudSoqlSchema s = { soql_canonical_object, soql_lookup_field, schema };

  return s;
}

/* ---- describe JSON ---- */

static void
append_bool (GString    *out,
             const char *key,
             gboolean    value)
{
  g_string_append_printf (out, "\"%s\":%s,", key, value ? "true" : "false");
}

static void
append_field (GString         *out,
              const DemoField *field)
{
  gboolean text = g_str_equal (field->type, "string") || g_str_equal (field->type, "textarea")
                  || g_str_equal (field->type, "picklist") || g_str_equal (field->type, "email")
                  || g_str_equal (field->type, "phone") || g_str_equal (field->type, "url");
  gboolean is_id = g_str_equal (field->type, "id") || g_str_equal (field->type, "reference");
  guint length = is_id ? 18 : text ? field->length : 0;
  gboolean numeric = field->soql.type == AUD_SOQL_TYPE_DOUBLE;
  gboolean is_int = field->soql.type == AUD_SOQL_TYPE_INT;
  gboolean filterable = field->soql.filterable;

  g_string_append_c (out, '{');
  append_bool (out, "aggregatable", filterable && !g_str_equal (field->type, "boolean"));
  append_bool (out, "aiPredictionField", FALSE);
  append_bool (out, "autoNumber", FALSE);
  g_string_append_printf (out, "\"byteLength\":%u,", is_id ? 18 : text ? length * 3 : 0);
  append_bool (out, "calculated", field->flags & DEMO_FIELD_CALCULATED);
  g_string_append (out, "\"calculatedFormula\":");
  if (field->formula)
    demo_append_json_string (out, field->formula);
  else
    g_string_append (out, "null");
  g_string_append_c (out, ',');
  append_bool (out, "cascadeDelete", FALSE);
  append_bool (out, "caseSensitive", FALSE);
  g_string_append (out, "\"compoundFieldName\":");
  if (field->compound)
    g_string_append_printf (out, "\"%s\",", field->compound);
  else if (g_str_equal (field->name, "FirstName") || g_str_equal (field->name, "LastName")
           || g_str_equal (field->name, "Salutation"))
    g_string_append (out, "\"Name\",");
  else
    g_string_append (out, "null,");
  g_string_append (out, "\"controllerName\":null,");
  append_bool (out, "createable", field->flags & DEMO_FIELD_CREATEABLE);
  append_bool (out, "custom", field->flags & DEMO_FIELD_CUSTOM);
  append_bool (out, "dataTranslationEnabled", FALSE);
  g_string_append (out, "\"defaultValue\":");
  if (g_str_equal (field->type, "boolean"))
    g_string_append (out, "false,");
  else
    g_string_append (out, "null,");
  g_string_append (out, "\"defaultValueFormula\":null,");
  append_bool (out, "defaultedOnCreate", field->flags & DEMO_FIELD_DEFAULTED);
  append_bool (out, "dependentPicklist", FALSE);
  append_bool (out, "deprecatedAndHidden", FALSE);
  g_string_append_printf (out, "\"digits\":%d,", is_int ? 9 : 0);
  append_bool (out, "displayLocationInDecimal", FALSE);
  append_bool (out, "encrypted", FALSE);
  append_bool (out, "externalId", field->flags & DEMO_FIELD_EXTERNAL_ID);
  g_string_append (out, "\"extraTypeInfo\":");
  if (g_str_equal (field->type, "textarea"))
    g_string_append (out, field->length > 255 ? "\"plaintextarea\"," : "\"plaintextarea\",");
  else if (g_str_equal (field->type, "string") && g_str_has_suffix (field->name, "Name") && field->flags & DEMO_FIELD_NAME)
    g_string_append (out, "\"personname\",");
  else
    g_string_append (out, "null,");
  append_bool (out, "filterable", filterable);
  g_string_append (out, "\"filteredLookupInfo\":null,");
  append_bool (out, "formulaTreatNullNumberAsZero", FALSE);
  append_bool (out, "groupable", filterable && !numeric && !g_str_equal (field->type, "datetime"));
  append_bool (out, "highScaleNumber", FALSE);
  append_bool (out, "htmlFormatted", FALSE);
  append_bool (out, "idLookup", g_str_equal (field->type, "id") || g_str_equal (field->type, "email")
                                || (field->flags & DEMO_FIELD_EXTERNAL_ID));
  g_string_append (out, "\"inlineHelpText\":null,");
  g_string_append (out, "\"label\":");
  demo_append_json_string (out, field->label);
  g_string_append_printf (out, ",\"length\":%u,", length);
  g_string_append (out, "\"mask\":null,\"maskType\":null,");
  g_string_append (out, "\"name\":");
  demo_append_json_string (out, field->name);
  g_string_append_c (out, ',');
  append_bool (out, "nameField", field->flags & DEMO_FIELD_NAME);
  append_bool (out, "namePointing", field->reference_to != NULL && strchr (field->reference_to, ',') != NULL);
  append_bool (out, "nillable", field->flags & DEMO_FIELD_NILLABLE);
  append_bool (out, "permissionable", (field->flags & DEMO_FIELD_NILLABLE) && !g_str_equal (field->type, "id"));
  g_string_append (out, "\"picklistValues\":[");
  for (guint i = 0; field->picklist != NULL && field->picklist[i] != NULL; i++)
    {
      g_string_append (out, i > 0 ? ",{\"active\":true,\"defaultValue\":false,\"label\":" :
                                    "{\"active\":true,\"defaultValue\":false,\"label\":");
      demo_append_json_string (out, field->picklist[i]);
      g_string_append (out, ",\"validFor\":null,\"value\":");
      demo_append_json_string (out, field->picklist[i]);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],");
  append_bool (out, "polymorphicForeignKey", field->reference_to != NULL && strchr (field->reference_to, ',') != NULL);
  g_string_append_printf (out, "\"precision\":%d,", numeric ? 18 : 0);
  append_bool (out, "queryByDistance", FALSE);
  g_string_append (out, "\"referenceTargetField\":null,\"referenceTo\":[");
  if (field->reference_to != NULL)
    {
      g_auto(GStrv) targets = g_strsplit (field->reference_to, ",", -1);

      for (guint i = 0; targets[i] != NULL; i++)
        g_string_append_printf (out, "%s\"%s\"", i > 0 ? "," : "", targets[i]);
    }
  g_string_append (out, "],\"relationshipName\":");
  if (field->relationship_name)
    demo_append_json_string (out, field->relationship_name);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"relationshipOrder\":null,");
  append_bool (out, "restrictedDelete", FALSE);
  append_bool (out, "restrictedPicklist", field->flags & DEMO_FIELD_RESTRICTED);
  g_string_append_printf (out, "\"scale\":%d,", numeric ? (g_str_equal (field->type, "currency") ? 2 : 15) : 0);
  append_bool (out, "searchPrefilterable", FALSE);
  g_string_append_printf (out, "\"soapType\":\"%s\",", soap_type_for (field->type));
  append_bool (out, "sortable", field->soql.sortable);
  g_string_append_printf (out, "\"type\":\"%s\",", field->type);
  append_bool (out, "unique", FALSE);
  append_bool (out, "updateable", field->flags & DEMO_FIELD_UPDATEABLE);
  g_string_append (out, "\"writeRequiresMasterRead\":false}");
}

static void
append_object_flags (GString    *out,
                     DemoObject *object,
                     const char *version)
{
  gboolean user = g_str_equal (object->name, "User");

  append_bool (out, "activateable", FALSE);
  append_bool (out, "createable", TRUE);
  append_bool (out, "custom", FALSE);
  append_bool (out, "customSetting", FALSE);
  append_bool (out, "deletable", !user);
  append_bool (out, "deprecatedAndHidden", FALSE);
  append_bool (out, "feedEnabled", TRUE);
  g_string_append_printf (out, "\"keyPrefix\":\"%s\",\"label\":\"%s\",\"labelPlural\":\"%s\",",
                          object->key_prefix, object->label, object->label_plural);
  append_bool (out, "layoutable", TRUE);
  append_bool (out, "mergeable", !user && !g_str_equal (object->name, "Opportunity"));
  append_bool (out, "mruEnabled", TRUE);
  g_string_append_printf (out, "\"name\":\"%s\",", object->name);
  append_bool (out, "queryable", TRUE);
  append_bool (out, "replicateable", TRUE);
  append_bool (out, "retrieveable", TRUE);
  append_bool (out, "searchable", TRUE);
  append_bool (out, "triggerable", TRUE);
  append_bool (out, "undeletable", !user);
  append_bool (out, "updateable", TRUE);
  g_string_append_printf (out, "\"urls\":{\"compactLayouts\":\"/services/data/v%1$s/sobjects/%2$s/describe/compactLayouts\","
                          "\"rowTemplate\":\"/services/data/v%1$s/sobjects/%2$s/{ID}\","
                          "\"approvalLayouts\":\"/services/data/v%1$s/sobjects/%2$s/describe/approvalLayouts\","
                          "\"defaultValues\":\"/services/data/v%1$s/sobjects/%2$s/defaultValues?recordTypeId&fields\","
                          "\"describe\":\"/services/data/v%1$s/sobjects/%2$s/describe\","
                          "\"quickActions\":\"/services/data/v%1$s/sobjects/%2$s/quickActions\","
                          "\"layouts\":\"/services/data/v%1$s/sobjects/%2$s/describe/layouts\","
                          "\"sobject\":\"/services/data/v%1$s/sobjects/%2$s\"}",
                          version, object->name);
}

char *
demo_schema_describe_json (DemoSchema *schema,
                           DemoObject *object,
                           const char *version)
{
  GString *out = g_string_sized_new (object->fields->len * 1400);

  g_string_append (out, "{\"actionOverrides\":[],");
  g_string_append (out, "\"childRelationships\":[");
  /* Children that point here: every reference field in the schema whose target is this object. */
  {
    gboolean first = TRUE;

    for (guint i = 0; i < schema->objects->len; i++)
      {
        DemoObject *child = g_ptr_array_index (schema->objects, i);

        for (guint k = 0; k < child->fields->len; k++)
          {
            DemoField *f = g_ptr_array_index (child->fields, k);

            if (f->reference_to == NULL || !g_str_equal (f->soql.reference_to, object->name)
                || g_str_has_suffix (f->name, "ById") || g_str_equal (f->name, "MasterRecordId"))
              continue;
            g_string_append_printf (out, "%s{\"cascadeDelete\":false,\"childSObject\":\"%s\","
                                    "\"deprecatedAndHidden\":false,\"field\":\"%s\","
                                    "\"junctionIdListNames\":[],\"junctionReferenceTo\":[],"
                                    "\"relationshipName\":%s%s%s,\"restrictedDelete\":false}",
                                    first ? "" : ",", child->name, f->name,
                                    child == object ? "null" : "\"",
                                    child == object ? "" : child->label_plural,
                                    child == object ? "" : "\"");
            first = FALSE;
          }
      }
  }
  g_string_append (out, "],");
  append_bool (out, "compactLayoutable", TRUE);
  append_bool (out, "hasSubtypes", FALSE);
  append_bool (out, "isInterface", FALSE);
  append_bool (out, "isSubtype", FALSE);
  g_string_append (out, "\"fields\":[");
  for (guint i = 0; i < object->fields->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_field (out, g_ptr_array_index (object->fields, i));
    }
  g_string_append (out, "],");
  g_string_append (out, "\"namedLayoutInfos\":[],\"networkScopeFieldName\":null,");
  g_string_append_printf (out, "\"recordTypeInfos\":[{\"active\":true,\"available\":true,"
                          "\"defaultRecordTypeMapping\":true,\"developerName\":\"Master\",\"master\":true,"
                          "\"name\":\"Master\",\"recordTypeId\":\"012000000000000AAA\","
                          "\"urls\":{\"layout\":\"/services/data/v%s/sobjects/%s/describe/layouts/012000000000000AAA\"}}],",
                          version, object->name);
  append_bool (out, "searchLayoutable", TRUE);
  g_string_append (out, "\"sobjectDescribeOption\":\"FULL\",\"supportedScopes\":[{\"label\":\"My "
                        "records\",\"name\":\"mine\"},{\"label\":\"All records\",\"name\":\"everything\"}],");
  append_object_flags (out, object, version);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

char *
demo_schema_global_json (DemoSchema *schema,
                         const char *version)
{
  GString *out = g_string_new ("{\"encoding\":\"UTF-8\",\"maxBatchSize\":200,\"sobjects\":[");

  for (guint i = 0; i < schema->objects->len; i++)
    {
      g_string_append (out, i > 0 ? ",{" : "{");
      append_object_flags (out, g_ptr_array_index (schema->objects, i), version);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
  return g_string_free (out, FALSE);
}
