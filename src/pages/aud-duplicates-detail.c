/* aud-duplicates-detail.c — the Duplicates page's detail pane: records side by side, what won, why
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "aud-duplicates-page-private.h"

static const char *
comparison_label (AudMatchComparison comparison)
{
  switch (comparison)
    {
    case AUD_MATCH_COMPARISON_EMAIL: return _("Email");
    case AUD_MATCH_COMPARISON_PHONE: return _("Phone");
    case AUD_MATCH_COMPARISON_LINKEDIN: return _("LinkedIn");
    case AUD_MATCH_COMPARISON_FIRST_NAME: return _("First name");
    case AUD_MATCH_COMPARISON_LAST_NAME: return _("Last name");
    case AUD_MATCH_COMPARISON_SUFFIX: return _("Suffix");
    case AUD_MATCH_COMPARISON_COMPANY: return _("Company");
    case AUD_MATCH_COMPARISON_ADDRESS: return _("Address");
    case AUD_MATCH_COMPARISON_DOMAIN: return _("Website");
    case AUD_MATCH_N_COMPARISONS:
    default: return "?";
    }
}

/* "+8.1" or "−1.3" with a real minus sign, which reads better than a hyphen */
static char *
signed_weight (double weight)
{
  if (weight < 0)
    return g_strdup_printf ("−%.1f", -weight);
  return g_strdup_printf ("+%.1f", weight);
}

char *
aud_duplicates_evidence_text (AudMatchComparison       comparison,
                              const AudMatchEvidence  *evidence)
{
  g_autofree char *weight = signed_weight (evidence->weight);

  switch (evidence->level)
    {
    case AUD_MATCH_LEVEL_EXACT:
      /* Translators: "Email exact +8.1": the field, then the points it adds */
      return g_strdup_printf (_("%s exact %s"), comparison_label (comparison), weight);
    case AUD_MATCH_LEVEL_SIMILAR:
      /* Translators: "Name similar 0.96 +4.2": similarity from 0 to 1, then points */
      return g_strdup_printf (_("%s similar %.2f %s"), comparison_label (comparison),
                              evidence->similarity, weight);
    case AUD_MATCH_LEVEL_DIFFERENT:
      return g_strdup_printf (_("%s differs %s"), comparison_label (comparison), weight);
    case AUD_MATCH_LEVEL_MISSING:
    default:
      return NULL;
    }
}

char *
aud_duplicates_confidence_text (double score)
{
  if (score < 0)
    return g_strdup (_("Confirmed by a person"));
  if (score >= AUD_DUPLICATES_HIGH_CONFIDENCE)
    return g_strdup_printf (_("High confidence (%.1f)"), score);
  if (score >= 6)
    return g_strdup_printf (_("Medium confidence (%.1f)"), score);
  if (score >= 2)
    return g_strdup_printf (_("Low confidence (%.1f), check it"), score);
  return g_strdup_printf (_("Very low confidence (%.1f)"), score);
}

char *
aud_duplicates_mark_difference (const char *value,
                                const char *reference)
{
  g_autofree gunichar *v = NULL, *r = NULL;
  glong nv, nr, prefix = 0, suffix = 0;
  g_autofree char *head = NULL, *middle = NULL, *tail = NULL;
  g_autofree char *eh = NULL, *em = NULL, *et = NULL;

  if (value == NULL)
    return g_strdup ("");
  if (reference == NULL || g_strcmp0 (value, reference) == 0)
    return g_markup_escape_text (value, -1);

  v = g_utf8_to_ucs4_fast (value, -1, &nv);
  r = g_utf8_to_ucs4_fast (reference, -1, &nr);
  /* the common start and end, ignoring case: a case change alone is no difference to mark */
  while (prefix < nv && prefix < nr && g_unichar_tolower (v[prefix]) == g_unichar_tolower (r[prefix]))
    prefix++;
  while (suffix < nv - prefix && suffix < nr - prefix
         && g_unichar_tolower (v[nv - 1 - suffix]) == g_unichar_tolower (r[nr - 1 - suffix]))
    suffix++;

  /* Mostly different values are marked as a whole: a dozen scattered marks would not help. */
  if (prefix + suffix == 0)
    {
      eh = g_markup_escape_text (value, -1);
      return g_strdup_printf ("<span underline=\"error\">%s</span>", eh);
    }

  head = g_ucs4_to_utf8 (v, prefix, NULL, NULL, NULL);
  middle = g_ucs4_to_utf8 (v + prefix, nv - prefix - suffix, NULL, NULL, NULL);
  tail = g_ucs4_to_utf8 (v + nv - suffix, suffix, NULL, NULL, NULL);
  eh = g_markup_escape_text (head, -1);
  em = g_markup_escape_text (middle, -1);
  et = g_markup_escape_text (tail, -1);
  if (*middle == '\0')
    /* @value lacks characters the reference has: show where with a caret */
    return g_strdup_printf ("%s<span underline=\"error\" weight=\"bold\">‸</span>%s", eh, et);
  return g_strdup_printf ("%s<span underline=\"error\" weight=\"bold\" bgcolor=\"#f6d32d\" bgalpha=\"40%%\">%s</span>%s",
                          eh, em, et);
}

char *
aud_duplicates_source_label (const AudReviewMember *member)
{
  if (g_strcmp0 (member->source_kind, "salesforce") == 0)
    return g_strdup (_("Salesforce"));
  if (g_strcmp0 (member->source_kind, "csv") == 0)
    return g_strdup_printf (_("CSV %s"), member->source_name);
  if (g_strcmp0 (member->source_kind, "warehouse") == 0)
    return g_strdup_printf (_("Warehouse %s"), member->source_name);
  return g_strdup (member->source_name);
}

static const char *
source_icon (const AudReviewMember *member)
{
  if (g_strcmp0 (member->source_kind, "salesforce") == 0)
    return "weather-overcast-symbolic";
  if (g_strcmp0 (member->source_kind, "csv") == 0)
    return "x-office-spreadsheet-symbolic";
  return "drive-harddisk-symbolic";
}

/* "2 Oct 2026", or the text as stored when it is no date */
static char *
format_modstamp (const char *modstamp)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();

  if (modstamp == NULL)
    return g_strdup (_("unknown"));
  utc = g_date_time_new_from_iso8601 (modstamp, tz);
  if (utc == NULL)
    return g_strdup (modstamp);
  return g_date_time_format (utc, "%-d %b %Y");
}

static const AudReviewMember *
find_member (const AudReviewDetail *detail,
             gint64                 record_id)
{
  for (guint i = 0; i < detail->members->len; i++)
    {
      const AudReviewMember *m = detail->members->pdata[i];
      if (m->record_id == record_id)
        return m;
    }
  return NULL;
}

char *
aud_duplicates_golden_reason (const AudGoldenValue  *golden,
                              const AudReviewDetail *detail)
{
  const AudReviewMember *from = find_member (detail, golden->record_id);
  g_autofree char *source = from ? aud_duplicates_source_label (from) : g_strdup (_("a removed record"));
  g_autofree char *date = from ? format_modstamp (from->modstamp) : NULL;

  guint n_with_value = 0;

  for (guint i = 0; i < detail->members->len; i++)
    if (g_hash_table_contains (((AudReviewMember *) detail->members->pdata[i])->values, golden->field))
      n_with_value++;

  if (golden->reason != AUD_SURVIVORSHIP_PINNED && n_with_value == 1)
    /* no contest: saying "most trusted" would suggest a choice was made */
    return g_strdup_printf (_("the only value: %s"), source);

  switch (golden->reason)
    {
    case AUD_SURVIVORSHIP_PINNED:
      return g_strdup (_("pinned by you"));
    case AUD_SURVIVORSHIP_MOST_RECENT:
      return g_strdup_printf (_("most recent: %s, %s"), source, date ? date : "");
    case AUD_SURVIVORSHIP_MOST_COMPLETE:
      return g_strdup_printf (_("most complete: %s"), source);
    case AUD_SURVIVORSHIP_MOST_FREQUENT:
      return g_strdup_printf (_("most records agree: %s"), source);
    case AUD_SURVIVORSHIP_SOURCE_PRIORITY:
    default:
      return g_strdup_printf (_("most trusted source: %s"), source);
    }
}

static GtkWidget *
label_new (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
button_new (const char *label,
            const char *tooltip,
            const char *action,
            GVariant   *target)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return button;
}

static gboolean
same_value (const char *a,
            const char *b)
{
  g_autofree char *fa = NULL, *fb = NULL;

  if (a == NULL || b == NULL)
    return a == b;
  fa = g_utf8_casefold (a, -1);
  fb = g_utf8_casefold (b, -1);
  return g_strcmp0 (g_strstrip (fa), g_strstrip (fb)) == 0;
}

char *
aud_duplicates_field_label (AudDescribe *describe,
                            const char  *field)
{
  AudFieldInfo *info = describe ? aud_describe_lookup (describe, field) : NULL;
  g_autofree char *name = NULL;
  GString *label;

  if (info != NULL && info->label != NULL && !info->gone)
    return g_strdup (info->label);

  name = g_strdup (field);
  if (g_str_has_suffix (name, "__c"))
    name[strlen (name) - 3] = '\0';
  label = g_string_new (NULL);
  for (const char *p = name; *p != '\0'; p++)
    {
      /* "FirstName" → "First Name", "Account.Name" → "Account Name", "Lead_Source" → "Lead Source" */
      if (*p == '_' || *p == '.')
        {
          if (label->len > 0 && label->str[label->len - 1] != ' ')
            g_string_append_c (label, ' ');
          continue;
        }
      if (g_ascii_isupper (*p) && p > name && g_ascii_islower (p[-1]))
        g_string_append_c (label, ' ');
      g_string_append_c (label, *p);
    }
  return g_string_free (label, FALSE);
}

static GtkWidget *
member_header (const AudReviewRow    *row,
               const AudReviewMember *m,
               guint                  n_members)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *source = aud_duplicates_source_label (m);
  g_autofree char *id = g_strdup_printf (_("Id %s"), m->external_id);
  g_autofree char *date = format_modstamp (m->modstamp);
  g_autofree char *modified = g_strdup_printf (_("Modified %s"), date);

  gtk_box_append (GTK_BOX (title), gtk_image_new_from_icon_name (source_icon (m)));
  gtk_box_append (GTK_BOX (title), label_new (source, "heading"));
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), label_new (id, "caption"));
  gtk_box_append (GTK_BOX (box), label_new (modified, "caption"));

  gtk_box_append (GTK_BOX (box), buttons);
  if (row->kind == AUD_REVIEW_ROW_ENTITY && n_members > 1)
    {
      g_autofree char *tip = g_strdup_printf (_("Split the %s record %s out: it becomes its own entity and never merges with these again"),
                                              source, m->external_id);
      gtk_box_append (GTK_BOX (buttons), button_new (_("Split Out"), tip, "merge.split",
                                                     g_variant_new_int64 (m->record_id)));
    }
  if (g_strcmp0 (m->source_kind, "salesforce") == 0)
    {
      gtk_box_append (GTK_BOX (buttons), button_new (_("Open"), _("Open this record in Salesforce in your browser"),
                                                     "merge.open-record", g_variant_new_string (m->external_id)));
    }
  return box;
}

static const char *
golden_value_of (const AudReviewDetail  *detail,
                 const char             *field,
                 const AudGoldenValue  **golden)
{
  for (guint i = 0; i < detail->golden->len; i++)
    {
      const AudGoldenValue *g = detail->golden->pdata[i];
      if (g_strcmp0 (g->field, field) == 0)
        {
          *golden = g;
          return g->value;
        }
    }
  *golden = NULL;
  return NULL;
}

static GtkWidget *
record_grid (const AudReviewRow    *row,
             const AudReviewDetail *detail,
             AudDescribe           *describe)
{
  GtkWidget *grid = gtk_grid_new ();
  gboolean entity = row->kind == AUD_REVIEW_ROW_ENTITY;
  int first_member_column = entity ? 2 : 1;
  GtkWidget *header;

  gtk_grid_set_row_spacing (GTK_GRID (grid), 10);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);

  if (entity)
    {
      header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      gtk_box_append (GTK_BOX (header), label_new (_("Golden record"), "heading"));
      gtk_box_append (GTK_BOX (header), label_new (_("The values this audience uses and writes back"), "caption"));
      gtk_grid_attach (GTK_GRID (grid), header, 1, 0, 1, 1);
    }
  for (guint i = 0; i < detail->members->len; i++)
    gtk_grid_attach (GTK_GRID (grid), member_header (row, detail->members->pdata[i], detail->members->len),
                     first_member_column + i, 0, 1, 1);

  for (guint f = 0; detail->fields[f] != NULL; f++)
    {
      const char *field = detail->fields[f];
      const AudGoldenValue *golden = NULL;
      const char *reference = golden_value_of (detail, field, &golden);
      g_autofree char *field_label = aud_duplicates_field_label (describe, field);
      GtkWidget *name = label_new (field_label, "dim-label");

      gtk_widget_set_tooltip_text (name, field);   /* the API name, for people who map fields */
      gtk_widget_set_valign (name, GTK_ALIGN_START);
      gtk_grid_attach (GTK_GRID (grid), name, 0, f + 1, 1, 1);

      /* a review pair has no golden record: the first record is the reference */
      if (!entity)
        for (guint i = 0; i < detail->members->len && reference == NULL; i++)
          reference = g_hash_table_lookup (((AudReviewMember *) detail->members->pdata[i])->values, field);

      if (entity)
        {
          GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

          if (golden != NULL)
            {
              g_autofree char *reason = aud_duplicates_golden_reason (golden, detail);
              gtk_box_append (GTK_BOX (cell), label_new (golden->value, "heading"));
              gtk_box_append (GTK_BOX (cell), label_new (reason, golden->reason == AUD_SURVIVORSHIP_PINNED ? "accent" : "caption"));
            }
          else
            gtk_box_append (GTK_BOX (cell), label_new ("—", "dim-label"));
          gtk_widget_set_valign (cell, GTK_ALIGN_START);
          gtk_grid_attach (GTK_GRID (grid), cell, 1, f + 1, 1, 1);
        }

      for (guint i = 0; i < detail->members->len; i++)
        {
          const AudReviewMember *m = detail->members->pdata[i];
          const char *value = g_hash_table_lookup (m->values, field);
          GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
          GtkWidget *label;

          if (value == NULL)
            label = label_new (_("(blank)"), "dim-label");
          else if (same_value (value, reference))
            label = label_new (value, NULL);
          else
            {
              g_autofree char *markup = aud_duplicates_mark_difference (value, reference);
              label = label_new (NULL, "warning");
              gtk_label_set_markup (GTK_LABEL (label), markup);
            }
          gtk_box_append (GTK_BOX (cell), label);

          /* another member's value can be made the golden one */
          if (entity && value != NULL && golden != NULL && golden->record_id != m->record_id
              && !same_value (value, golden->value))
            {
              g_autofree char *tip = g_strdup_printf (_("Use “%s” as the golden %s"), value, field_label);
              GtkWidget *use = button_new (_("Use This"), tip, "merge.pin",
                                           g_variant_new ("(xs)", m->record_id, field));
              gtk_widget_add_css_class (use, "flat");
              gtk_widget_add_css_class (use, "caption");
              gtk_box_append (GTK_BOX (cell), use);
            }
          gtk_widget_set_valign (cell, GTK_ALIGN_START);
          gtk_grid_attach (GTK_GRID (grid), cell, first_member_column + i, f + 1, 1, 1);
        }
    }
  return grid;
}

static char *
member_short (const AudReviewDetail *detail,
              gint64                 record_id)
{
  const AudReviewMember *m = find_member (detail, record_id);
  g_autofree char *source = NULL;

  if (m == NULL)
    return g_strdup ("?");
  source = aud_duplicates_source_label (m);
  return g_strdup_printf ("%s %s", source, m->external_id);
}

static const char *
pair_kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "merge") == 0)
    return _("merged");
  if (g_strcmp0 (kind, "review") == 0)
    return _("not merged: needs your review");
  if (g_strcmp0 (kind, "held-apart") == 0)
    return _("kept apart by a decision");
  if (g_strcmp0 (kind, "job-change") == 0)
    return _("linked as a job change");
  return kind;
}

static gboolean
has_any (const AudReviewMember *member,
         const char * const    *fields)
{
  for (guint i = 0; member != NULL && fields[i] != NULL; i++)
    if (g_hash_table_contains (member->values, fields[i]))
      return TRUE;
  return FALSE;
}

/* Both records have an email (or a phone) and yet it did not count: say why, or a reviewer
 * wonders why two different addresses cost nothing. */
static const char *
not_counted_text (AudMatchComparison     comparison,
                  const AudReviewMember *a,
                  const AudReviewMember *b)
{
  static const char * const emails[] = { "Email", "Email__c", "Work_Email__c", NULL };
  static const char * const phones[] = { "Phone", "MobilePhone", "HomePhone", "OtherPhone", "Mobile", NULL };

  if (comparison == AUD_MATCH_COMPARISON_EMAIL && has_any (a, emails) && has_any (b, emails))
    return _("Email not counted: a personal or shared address against a work one");
  if (comparison == AUD_MATCH_COMPARISON_PHONE && has_any (a, phones) && has_any (b, phones))
    return _("Phone not counted: different kinds of number, or a shared line");
  return NULL;
}

static GtkWidget *
evidence_box (const AudReviewDetail *detail)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);

  gtk_box_append (GTK_BOX (box), label_new (_("Why They Matched"), "title-4"));
  gtk_box_append (GTK_BOX (box),
                  label_new (_("Each field that agrees adds points and each one that disagrees takes some away. "
                               "6 points or more merge two records; 2 to 6 ask for your review."), "dim-label"));
  if (detail->pairs->len == 0)
    gtk_box_append (GTK_BOX (box), label_new (_("Kept together by your confirmation, not by matching fields."), NULL));

  for (guint p = 0; p < detail->pairs->len; p++)
    {
      const AudReviewPair *pair = detail->pairs->pdata[p];
      g_autofree char *a = member_short (detail, pair->record_a);
      g_autofree char *b = member_short (detail, pair->record_b);
      g_autofree char *confidence = aud_duplicates_confidence_text (pair->score);
      g_autofree char *title = g_strdup_printf ("%s ↔ %s · %s, %s", a, b, confidence, pair_kind_label (pair->kind));
      GtkWidget *flow = gtk_flow_box_new ();

      gtk_box_append (GTK_BOX (box), label_new (title, "heading"));
      gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
      gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 4);
      gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 12);
      for (int c = 0; c < AUD_MATCH_N_COMPARISONS; c++)
        {
          g_autofree char *text = NULL;

          if (pair->has_evidence[c])
            text = aud_duplicates_evidence_text (c, &pair->evidence[c]);
          if (text == NULL)
            {
              const char *why = not_counted_text (c, find_member (detail, pair->record_a),
                                                  find_member (detail, pair->record_b));
              if (why != NULL)
                gtk_flow_box_append (GTK_FLOW_BOX (flow), label_new (why, "dim-label"));
              continue;
            }
          gtk_flow_box_append (GTK_FLOW_BOX (flow),
                               label_new (text, pair->evidence[c].weight > 0 ? "success"
                                                : pair->evidence[c].weight < 0 ? "error" : "dim-label"));
        }
      gtk_box_append (GTK_BOX (box), flow);
    }
  return box;
}

GtkWidget *
aud_duplicates_detail_new (const AudReviewRow    *row,
                           const AudReviewDetail *detail,
                           AudDescribe           *describe)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *actions = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *confidence = aud_duplicates_confidence_text (row->confidence);
  g_autofree char *summary = NULL;
  GtkWidget *title;

  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 18);

  title = label_new (row->name && *row->name ? row->name : (row->email ? row->email : _("(no name)")), "title-2");
  gtk_box_append (GTK_BOX (box), title);

  if (row->kind == AUD_REVIEW_ROW_ENTITY)
    summary = g_strdup_printf (ngettext ("%u record merged into one · %s%s", "%u records merged into one · %s%s",
                                         detail->members->len),
                               detail->members->len, confidence,
                               row->confirmed ? _(" · confirmed") : "");
  else
    summary = g_strdup_printf (_("Possibly the same · %s · not merged. Decide: the Same Person, or Not the Same."),
                               confidence);
  gtk_box_append (GTK_BOX (box), label_new (summary, NULL));

  if (row->kind == AUD_REVIEW_ROW_ENTITY && row->confirmed)
    gtk_box_append (GTK_BOX (actions), label_new (_("You confirmed this merge. Split a record out to undo it."), "success"));
  else if (row->kind == AUD_REVIEW_ROW_ENTITY)
    {
      GtkWidget *confirm = button_new (_("Confirm Merge"), _("Confirm these records are one (Ctrl+Return)"), "merge.confirm", NULL);
      gtk_widget_add_css_class (confirm, "suggested-action");
      gtk_box_append (GTK_BOX (actions), confirm);
    }
  else
    {
      GtkWidget *same = button_new (_("Same Person"), _("Merge these two records into one, for good (Ctrl+Return)"),
                                    "merge.confirm", NULL);

      gtk_widget_add_css_class (same, "suggested-action");
      gtk_box_append (GTK_BOX (actions), same);
      gtk_box_append (GTK_BOX (actions), button_new (_("Not the Same"), _("Keep these two records apart for good (Ctrl+K)"),
                                                     "merge.not-same", NULL));
    }
  gtk_box_append (GTK_BOX (box), actions);

  gtk_box_append (GTK_BOX (box), record_grid (row, detail, describe));
  gtk_box_append (GTK_BOX (box), evidence_box (detail));
  return box;
}
