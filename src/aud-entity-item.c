/* aud-entity-item.c — one row of the Duplicates list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "aud-entity-item.h"

struct _AudEntityItem
{
  GObject       parent_instance;

  AudReviewRow *row;
  char         *haystack;
};

G_DEFINE_FINAL_TYPE (AudEntityItem, aud_entity_item, G_TYPE_OBJECT)

static void
aud_entity_item_finalize (GObject *object)
{
  AudEntityItem *self = (AudEntityItem *) object;

  g_clear_pointer (&self->row, aud_review_row_free);
  g_free (self->haystack);

  G_OBJECT_CLASS (aud_entity_item_parent_class)->finalize (object);
}

static void
aud_entity_item_class_init (AudEntityItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = aud_entity_item_finalize;
}

static void
aud_entity_item_init (AudEntityItem *self)
{
}

AudEntityItem *
aud_entity_item_new (AudReviewRow *row)
{
  AudEntityItem *self;
  g_autofree char *joined = NULL;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (AUD_TYPE_ENTITY_ITEM, NULL);
  self->row = row;
  /* built once here: the search runs over every row at each keystroke */
  joined = g_strjoin ("\n", row->name ? row->name : "", row->email ? row->email : "",
                      row->company ? row->company : "", NULL);
  self->haystack = g_utf8_casefold (joined, -1);
  return self;
}

const AudReviewRow *
aud_entity_item_get_row (AudEntityItem *self)
{
  g_return_val_if_fail (AUD_IS_ENTITY_ITEM (self), NULL);
  return self->row;
}

const char *
aud_entity_item_get_haystack (AudEntityItem *self)
{
  g_return_val_if_fail (AUD_IS_ENTITY_ITEM (self), NULL);
  return self->haystack;
}

gboolean
aud_entity_item_needs_review (AudEntityItem *self)
{
  g_return_val_if_fail (AUD_IS_ENTITY_ITEM (self), FALSE);
  return self->row->kind == AUD_REVIEW_ROW_PAIR || (self->row->weak && !self->row->confirmed);
}

int
aud_entity_item_compare (AudEntityItem *a,
                         AudEntityItem *b)
{
  const AudReviewRow *ra = a->row, *rb = b->row;
  gboolean na = aud_entity_item_needs_review (a), nb = aud_entity_item_needs_review (b);

  if (na != nb)
    return na ? -1 : 1;
  if (ra->confirmed != rb->confirmed)
    return ra->confirmed ? 1 : -1;
  if (ra->confidence != rb->confidence)
    return ra->confidence < rb->confidence ? -1 : 1;
  if (ra->entity_id != rb->entity_id)
    return ra->entity_id < rb->entity_id ? -1 : 1;
  if (ra->record_a != rb->record_a)
    return ra->record_a < rb->record_a ? -1 : 1;
  return 0;
}
