/* aud-field-item.c — one Salesforce field in an audience's mapping list
 *
 * Immutable describe facts plus the mapping state the page keeps in step with the workspace.
 * Properties notify so list cells bound to them update in place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-field-item.h"
#include "aud-mapping.h"

struct _AudFieldItem
{
  GObject       parent_instance;

  AudFieldInfo *info;
  char         *search_key;   /* folded "label name" */
  gboolean      mapped;
  guint         rule;
  gboolean      needs_backfill;
};

G_DEFINE_FINAL_TYPE (AudFieldItem, aud_field_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_LABEL,
  PROP_FIELD_TYPE,
  PROP_MAPPED,
  PROP_RULE,
  PROP_NEEDS_BACKFILL,
  PROP_LOCKED,
  PROP_WRITABLE,
  PROP_RULE_SENSITIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

AudFieldItem *
aud_field_item_new (AudFieldInfo *info)
{
  AudFieldItem *self;
  g_autofree char *key = NULL;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (AUD_TYPE_FIELD_ITEM, NULL);
  self->info = aud_field_info_ref (info);
  key = g_strconcat (info->label, " ", info->name, NULL);
  self->search_key = g_utf8_casefold (key, -1);
  self->mapped = aud_mapping_is_sync_field (info->name);
  return self;
}

const AudFieldInfo *
aud_field_item_get_info (AudFieldItem *self)
{
  g_return_val_if_fail (AUD_IS_FIELD_ITEM (self), NULL);
  return self->info;
}

const char *
aud_field_item_get_name (AudFieldItem *self)
{
  g_return_val_if_fail (AUD_IS_FIELD_ITEM (self), NULL);
  return self->info->name;
}

const char *
aud_field_item_get_label (AudFieldItem *self)
{
  g_return_val_if_fail (AUD_IS_FIELD_ITEM (self), NULL);
  return self->info->label;
}

const char *
aud_field_item_get_field_type (AudFieldItem *self)
{
  g_return_val_if_fail (AUD_IS_FIELD_ITEM (self), NULL);
  return self->info->type;
}

gboolean
aud_field_item_get_mapped (AudFieldItem *self)
{
  g_return_val_if_fail (AUD_IS_FIELD_ITEM (self), FALSE);
  return self->mapped;
}

void
aud_field_item_set_mapped (AudFieldItem *self,
                           gboolean      mapped)
{
  g_return_if_fail (AUD_IS_FIELD_ITEM (self));

  mapped = !!mapped;
  if (self->mapped == mapped)
    return;

  self->mapped = mapped;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAPPED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RULE_SENSITIVE]);
}

guint
aud_field_item_get_rule (AudFieldItem *self)
{
  g_return_val_if_fail (AUD_IS_FIELD_ITEM (self), AUD_OVERWRITE_RULE_NEVER);
  return self->rule;
}

void
aud_field_item_set_rule (AudFieldItem *self,
                         guint         rule)
{
  g_return_if_fail (AUD_IS_FIELD_ITEM (self));
  g_return_if_fail (rule <= AUD_OVERWRITE_RULE_ALWAYS);

  if (self->rule == rule)
    return;

  self->rule = rule;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RULE]);
}

gboolean
aud_field_item_get_needs_backfill (AudFieldItem *self)
{
  g_return_val_if_fail (AUD_IS_FIELD_ITEM (self), FALSE);
  return self->needs_backfill;
}

void
aud_field_item_set_needs_backfill (AudFieldItem *self,
                                   gboolean      needs_backfill)
{
  g_return_if_fail (AUD_IS_FIELD_ITEM (self));

  needs_backfill = !!needs_backfill;
  if (self->needs_backfill == needs_backfill)
    return;

  self->needs_backfill = needs_backfill;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_BACKFILL]);
}

gboolean
aud_field_item_get_locked (AudFieldItem *self)
{
  g_return_val_if_fail (AUD_IS_FIELD_ITEM (self), FALSE);
  return aud_mapping_is_sync_field (self->info->name);
}

gboolean
aud_field_item_get_writable (AudFieldItem *self)
{
  g_return_val_if_fail (AUD_IS_FIELD_ITEM (self), FALSE);
  return aud_field_info_is_writable (self->info) && !aud_mapping_is_sync_field (self->info->name);
}

gboolean
aud_field_item_get_custom (AudFieldItem *self)
{
  g_return_val_if_fail (AUD_IS_FIELD_ITEM (self), FALSE);
  return self->info->custom;
}

gboolean
aud_field_item_get_gone (AudFieldItem *self)
{
  g_return_val_if_fail (AUD_IS_FIELD_ITEM (self), FALSE);
  return self->info->gone;
}

const char *
aud_field_item_get_lock_reason (AudFieldItem *self)
{
  g_return_val_if_fail (AUD_IS_FIELD_ITEM (self), NULL);
  return aud_mapping_get_lock_reason (self->info->name);
}

const char *
aud_field_item_get_rule_reason (AudFieldItem *self)
{
  const char *reason;

  g_return_val_if_fail (AUD_IS_FIELD_ITEM (self), NULL);

  reason = aud_mapping_get_lock_reason (self->info->name);
  if (reason == NULL)
    reason = aud_field_info_get_readonly_reason (self->info);
  if (reason == NULL && !self->mapped)
    reason = _("Map the field to choose when Audiences may write it");

  return reason;
}

gboolean
aud_field_item_matches (AudFieldItem *self,
                        const char   *folded_text)
{
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (AUD_IS_FIELD_ITEM (self), FALSE);

  if (folded_text == NULL || *folded_text == '\0')
    return TRUE;

  words = g_strsplit_set (folded_text, " \t_", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0' && strstr (self->search_key, words[i]) == NULL)
      return FALSE;

  return TRUE;
}

static void
aud_field_item_finalize (GObject *object)
{
  AudFieldItem *self = (AudFieldItem *) object;

  g_clear_pointer (&self->info, aud_field_info_unref);
  g_clear_pointer (&self->search_key, g_free);

  G_OBJECT_CLASS (aud_field_item_parent_class)->finalize (object);
}

static void
aud_field_item_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AudFieldItem *self = AUD_FIELD_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->info->name);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->info->label);
      break;
    case PROP_FIELD_TYPE:
      g_value_set_string (value, self->info->type);
      break;
    case PROP_MAPPED:
      g_value_set_boolean (value, self->mapped);
      break;
    case PROP_RULE:
      g_value_set_uint (value, self->rule);
      break;
    case PROP_NEEDS_BACKFILL:
      g_value_set_boolean (value, self->needs_backfill);
      break;
    case PROP_LOCKED:
      g_value_set_boolean (value, aud_field_item_get_locked (self));
      break;
    case PROP_WRITABLE:
      g_value_set_boolean (value, aud_field_item_get_writable (self));
      break;
    case PROP_RULE_SENSITIVE:
      g_value_set_boolean (value, self->mapped && aud_field_item_get_writable (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aud_field_item_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  AudFieldItem *self = AUD_FIELD_ITEM (object);

  switch (prop_id)
    {
    case PROP_MAPPED:
      aud_field_item_set_mapped (self, g_value_get_boolean (value));
      break;
    case PROP_RULE:
      aud_field_item_set_rule (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
aud_field_item_class_init (AudFieldItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = aud_field_item_finalize;
  object_class->get_property = aud_field_item_get_property;
  object_class->set_property = aud_field_item_set_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIELD_TYPE] =
    g_param_spec_string ("field-type", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAPPED] =
    g_param_spec_boolean ("mapped", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RULE] =
    g_param_spec_uint ("rule", NULL, NULL, 0, AUD_OVERWRITE_RULE_ALWAYS, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEEDS_BACKFILL] =
    g_param_spec_boolean ("needs-backfill", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_WRITABLE] =
    g_param_spec_boolean ("writable", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RULE_SENSITIVE] =
    g_param_spec_boolean ("rule-sensitive", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
aud_field_item_init (AudFieldItem *self)
{
}
