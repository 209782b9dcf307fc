/* aud-writeback-item.c — one row of the write-back plan table (record × field)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "aud-writeback-item.h"

struct _AudWritebackItem
{
  GObject          parent_instance;

  char            *record;
  char            *field;
  char            *change;
  char            *rule;
  char            *outcome_label;
  char            *key;
  char            *haystack;      /* casefolded record, field and values, for search */
  AudWriteOutcome  outcome;
  AudWriteReason   reason;
};

G_DEFINE_FINAL_TYPE (AudWritebackItem, aud_writeback_item, G_TYPE_OBJECT)

static void
aud_writeback_item_finalize (GObject *object)
{
  AudWritebackItem *self = AUD_WRITEBACK_ITEM (object);

  g_free (self->record);
  g_free (self->field);
  g_free (self->change);
  g_free (self->rule);
  g_free (self->outcome_label);
  g_free (self->key);
  g_free (self->haystack);

  G_OBJECT_CLASS (aud_writeback_item_parent_class)->finalize (object);
}

static void
aud_writeback_item_class_init (AudWritebackItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = aud_writeback_item_finalize;
}

static void
aud_writeback_item_init (AudWritebackItem *self)
{
}

static const char *
outcome_prefix (AudWriteOutcome outcome)
{
  switch (outcome)
    {
    case AUD_WRITE_OUTCOME_WRITE: return _("Write");
    case AUD_WRITE_OUTCOME_SKIP: return _("Skip");
    case AUD_WRITE_OUTCOME_EXCLUDED: return _("Excluded");
    case AUD_WRITE_OUTCOME_DEFERRED: return _("After the trial");
    default: return "";
    }
}

AudWritebackItem *
aud_writeback_item_new (const AudWriteItem *item)
{
  AudWritebackItem *self = g_object_new (AUD_TYPE_WRITEBACK_ITEM, NULL);
  g_autofree char *old_text = aud_write_value_to_display (item->old_value);
  g_autofree char *new_text = aud_write_value_to_display (item->new_value);
  g_autofree char *joined = NULL;

  self->record = g_strdup (item->record_id);
  self->field = g_strdup (item->field);
  self->change = g_strdup_printf ("%s → %s", *old_text ? old_text : _("(blank)"), *new_text ? new_text : _("(blank)"));
  self->rule = g_strdup (aud_overwrite_rule_get_label (item->rule));
  self->outcome = item->outcome;
  self->reason = item->reason;
  self->outcome_label = g_strdup_printf ("%s — %s", outcome_prefix (item->outcome),
                                         aud_write_reason_get_description (item->reason));
  self->key = aud_write_item_key (item->record_id, item->field);
  joined = g_strjoin ("\n", item->record_id, item->field, old_text, new_text, NULL);
  self->haystack = g_utf8_casefold (joined, -1);
  return self;
}

const char *
aud_writeback_item_get_record (AudWritebackItem *self)
{
  return self->record;
}

const char *
aud_writeback_item_get_field (AudWritebackItem *self)
{
  return self->field;
}

const char *
aud_writeback_item_get_change (AudWritebackItem *self)
{
  return self->change;
}

const char *
aud_writeback_item_get_rule (AudWritebackItem *self)
{
  return self->rule;
}

const char *
aud_writeback_item_get_outcome_label (AudWritebackItem *self)
{
  return self->outcome_label;
}

AudWriteOutcome
aud_writeback_item_get_outcome (AudWritebackItem *self)
{
  return self->outcome;
}

gboolean
aud_writeback_item_is_excludable (AudWritebackItem *self)
{
  return self->outcome != AUD_WRITE_OUTCOME_SKIP;
}

const char *
aud_writeback_item_get_key (AudWritebackItem *self)
{
  return self->key;
}

gboolean
aud_writeback_item_matches (AudWritebackItem *self,
                            const char       *casefolded_text)
{
  return casefolded_text == NULL || *casefolded_text == '\0' || strstr (self->haystack, casefolded_text) != NULL;
}
