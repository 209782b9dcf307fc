/* aud-audiences-page-dialogs.c — the Audiences page's dialogs: name, delete, mapping files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "aud-audiences-page-private.h"
#include "aud-csv-import-dialog.h"
#include "aud-warehouse-dialog.h"
#include "aud-mapping-file.h"

typedef enum { NAME_CREATE, NAME_RENAME, NAME_DUPLICATE } NameDialogKind;

static void
name_dialog_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         AudAudiencesPage *self)
{
  NameDialogKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "kind"));
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  GtkDropDown *object = g_object_get_data (G_OBJECT (dialog), "object");
  const char *name = gtk_editable_get_text (entry);
  g_autoptr(AudAudience) created = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "ok") != 0)
    return;

  switch (kind)
    {
    case NAME_CREATE:
      created = aud_audience_create (self->store, name,
                                     aud_audience_supported_objects ()[gtk_drop_down_get_selected (object)], &error);
      break;
    case NAME_DUPLICATE:
      created = aud_audience_duplicate (self->audience, name, &error);
      break;
    case NAME_RENAME:
    default:
      if (aud_audience_rename (self->audience, name, &error))
        created = g_object_ref (self->audience);
      break;
    }

  if (created == NULL)
    {
      aud_audiences_page_show_error (self, error);
      return;
    }

  aud_audiences_page_reload (self, aud_audience_get_id (created));
}

static void
name_entry_changed_cb (GtkEditable      *entry,
                       AdwMessageDialog *dialog)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "ok", *trimmed != '\0');
}

static void
run_name_dialog (AudAudiencesPage *self,
                 NameDialogKind    kind)
{
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *entry = gtk_entry_new ();
  const char *heading, *ok;
  g_autofree char *initial = NULL;

  switch (kind)
    {
    case NAME_CREATE:
      heading = _("New Audience");
      ok = _("_Create");
      break;
    case NAME_DUPLICATE:
      heading = _("Duplicate Audience");
      ok = _("_Duplicate");
      /* Translators: the suggested name of a copy of an audience */
      initial = g_strdup_printf (_("%s (copy)"), aud_audience_get_name (self->audience));
      break;
    case NAME_RENAME:
    default:
      heading = _("Rename Audience");
      ok = _("_Rename");
      initial = g_strdup (aud_audience_get_name (self->audience));
      break;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading,
                                   kind == NAME_CREATE
                                     ? _("Name the audience and choose which Salesforce records it covers.")
                                     : NULL);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("For example: EMEA Contacts"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Audience name"), -1);
  if (initial != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), initial);
  gtk_box_append (GTK_BOX (box), entry);

  if (kind == NAME_CREATE)
    {
      const char *objects[] = { _("Contacts"), _("Accounts"), NULL };
      GtkWidget *object = gtk_drop_down_new_from_strings (objects);

      gtk_accessible_update_property (GTK_ACCESSIBLE (object), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Salesforce object"), -1);
      gtk_box_append (GTK_BOX (box), object);
      g_object_set_data (G_OBJECT (dialog), "object", object);
    }

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "ok", ok, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "kind", GINT_TO_POINTER (kind));
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (name_entry_changed_cb), dialog);
  name_entry_changed_cb (GTK_EDITABLE (entry), ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (name_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  run_name_dialog (AUD_AUDIENCES_PAGE (widget), NAME_CREATE);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  run_name_dialog (AUD_AUDIENCES_PAGE (widget), NAME_RENAME);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  run_name_dialog (AUD_AUDIENCES_PAGE (widget), NAME_DUPLICATE);
}

static void
delete_dialog_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           AudAudiencesPage *self)
{
  AudAudience *audience = g_object_get_data (G_OBJECT (dialog), "audience");
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;

  if (!aud_audience_delete (audience, &error))
    {
      aud_audiences_page_show_error (self, error);
      return;
    }

  message = g_strdup_printf (_("Deleted “%s”"), aud_audience_get_name (audience));
  g_clear_object (&self->audience);
  aud_audiences_page_reload (self, -1);
  aud_audiences_page_show_message (self, message);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  AudAudiencesPage *self = AUD_AUDIENCES_PAGE (widget);
  g_autofree char *heading = g_strdup_printf (_("Delete “%s”?"), aud_audience_get_name (self->audience));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), heading,
                                   _("Its field mapping and overwrite rules are removed. Synced Salesforce "
                                     "records stay in the workspace for other audiences and the next sync."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "audience", g_object_ref (self->audience), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
file_chooser_response_cb (GtkNativeDialog  *chooser,
                          int               response,
                          AudAudiencesPage *self)
{
  /* The chooser was made for this one answer. */
  g_autoptr(GtkNativeDialog) owned = chooser;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n = 0;

  if (response != GTK_RESPONSE_ACCEPT || self->audience == NULL)
    return;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = g_file_get_path (file);

  if (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SAVE)
    {
      if (aud_mapping_file_export (self->audience, path, &error))
        message = g_strdup_printf (_("Mapping saved to %s"), path);
    }
  else if (aud_mapping_file_import (self->audience, self->describe, path, &n, &error))
    {
      aud_audiences_page_apply_mapping (self);
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u field", "Imported %u fields", n), n);
    }

  if (error != NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                  _("The Mapping File Was Not Used"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      g_free (self->last_message);
      self->last_message = g_strdup (error->message);
    }
  else
    aud_audiences_page_show_message (self, message);
}

static void
run_file_chooser (AudAudiencesPage     *self,
                  GtkFileChooserAction  action)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (action == GTK_FILE_CHOOSER_ACTION_SAVE ? _("Export Mapping") : _("Import Mapping"),
                                         GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), action,
                                         action == GTK_FILE_CHOOSER_ACTION_SAVE ? _("_Export") : _("_Import"),
                                         _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Mapping files (JSON)"));
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (action == GTK_FILE_CHOOSER_ACTION_SAVE)
    {
      g_autofree char *name = g_strdup_printf ("%s.mapping.json", aud_audience_get_name (self->audience));
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  g_signal_connect_object (chooser, "response", G_CALLBACK (file_chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  run_file_chooser (AUD_AUDIENCES_PAGE (widget), GTK_FILE_CHOOSER_ACTION_SAVE);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  run_file_chooser (AUD_AUDIENCES_PAGE (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
import_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  AudAudiencesPage *self = AUD_AUDIENCES_PAGE (widget);

  if (self->audience != NULL)
    gtk_window_present (GTK_WINDOW (aud_csv_import_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                               self->audience)));
}

static void
add_warehouse_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  AudAudiencesPage *self = AUD_AUDIENCES_PAGE (widget);

  if (self->audience != NULL)
    gtk_window_present (GTK_WINDOW (aud_warehouse_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                              self->audience)));
}

void
aud_audiences_page_class_add_dialog_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "audiences.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "audiences.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "audiences.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "audiences.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "mapping.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "mapping.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "audiences.import-csv", NULL, import_csv_action);
  gtk_widget_class_install_action (widget_class, "audiences.add-warehouse", NULL, add_warehouse_action);
}
