/* aud-loopback-receiver.c — a one-shot HTTP server on loopback that catches the OAuth redirect
 *
 * The browser comes back to http://localhost:PORT/PATH?code=…&state=…. Only loopback addresses
 * are bound, so nothing else on the network can deliver a code. A request with the wrong state
 * (a stale tab, another program) is answered with an explanation and the receiver keeps waiting
 * for the right one; the first matching request completes the wait and later ones are told the
 * sign-in is already over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "aud-loopback-receiver.h"
#include "aud-oauth-flow.h"

struct _AudLoopbackReceiver
{
  GObject        parent_instance;

  guint          port;
  char          *path;
  char          *expected_state;
  SoupServer    *server;
  GTask         *task;           /* the pending wait, if any */
  GSource       *timeout_source;
  gulong         cancel_id;
  GCancellable  *cancellable;
  gboolean       done;
  guint          rejected;       /* requests with a wrong state, for tests and diagnostics */
  char          *code;           /* result waiting for the idle that completes the task */
  GError        *error;
};

G_DEFINE_FINAL_TYPE (AudLoopbackReceiver, aud_loopback_receiver, G_TYPE_OBJECT)

static const char page_template[] =
  "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%s</title>"
  "<style>body{font-family:sans-serif;max-width:34em;margin:4em auto;padding:0 1em;line-height:1.5}"
  "@media (prefers-color-scheme: dark){body{background:#242424;color:#eee}}</style></head>"
  "<body><h1>%s</h1><p>%s</p></body></html>";

static void
respond_page (SoupServerMessage *msg,
              guint              status,
              const char        *title,
              const char        *text)
{
  g_autofree char *t = g_markup_escape_text (title, -1);
  g_autofree char *x = g_markup_escape_text (text, -1);
  g_autofree char *html = g_strdup_printf (page_template, t, t, x);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY, html, strlen (html));
}

static void
stop_timers (AudLoopbackReceiver *self)
{
  if (self->timeout_source != NULL)
    {
      g_source_destroy (self->timeout_source);
      g_clear_pointer (&self->timeout_source, g_source_unref);
    }
  if (self->cancel_id != 0)
    {
      g_cancellable_disconnect (self->cancellable, self->cancel_id);
      self->cancel_id = 0;
    }
  g_clear_object (&self->cancellable);
}

/* Completes the task from an idle, never from inside a server handler: the caller usually drops
 * the receiver in its callback, and the browser's response must be written first. */
static gboolean
complete_idle_cb (gpointer data)
{
  AudLoopbackReceiver *self = data;
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  stop_timers (self);
  if (task == NULL)
    return G_SOURCE_REMOVE;

  if (self->error != NULL)
    g_task_return_error (task, g_steal_pointer (&self->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&self->code), (GDestroyNotify) aud_secret_free);

  return G_SOURCE_REMOVE;
}

static void
finish (AudLoopbackReceiver *self,
        char                *code,
        GError              *error)
{
  g_autoptr(GSource) idle = NULL;

  if (self->done)
    {
      aud_secret_free (code);
      g_clear_error (&error);
      return;
    }

  self->done = TRUE;
  self->code = code;
  self->error = error;

  idle = g_idle_source_new ();
  g_source_set_callback (idle, complete_idle_cb, g_object_ref (self), g_object_unref);
  g_source_set_static_name (idle, "[audiences] loopback receiver completion");
  g_source_attach (idle, g_task_get_context (self->task));
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  AudLoopbackReceiver *self = user_data;
  const char *state, *code, *error_code, *error_description;

  if (g_strcmp0 (path, self->path) != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }
  if (self->done || self->task == NULL)
    {
      respond_page (msg, SOUP_STATUS_GONE, _("Sign-in already finished"),
                    _("Audiences is not waiting for a sign-in. Close this tab and return to Audiences."));
      return;
    }

  state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  if (state == NULL || g_strcmp0 (state, self->expected_state) != 0)
    {
      /* Not ours, or from an older attempt: refuse and keep waiting. */
      self->rejected++;
      g_debug ("Ignored a sign-in redirect whose state does not match");
      respond_page (msg, SOUP_STATUS_BAD_REQUEST, _("This sign-in link is out of date"),
                    _("This page does not belong to the sign-in Audiences is waiting for. "
                      "Go back to Audiences and use the sign-in link it shows now."));
      return;
    }

  error_code = g_hash_table_lookup (query, "error");
  error_description = g_hash_table_lookup (query, "error_description");
  code = g_hash_table_lookup (query, "code");

  if (error_code != NULL)
    {
      const char *detail = error_description != NULL ? error_description : error_code;

      respond_page (msg, SOUP_STATUS_OK, _("Sign-in did not complete"),
                    _("Salesforce did not allow the connection. Return to Audiences for details."));
      if (g_strcmp0 (error_code, "access_denied") == 0)
        finish (self, NULL,
                g_error_new (AUD_AUTH_ERROR, AUD_AUTH_ERROR_ACCESS_DENIED,
                             _("Access was denied in the browser (%s). To connect, choose Allow when "
                               "Salesforce asks."), detail));
      else
        finish (self, NULL,
                g_error_new (AUD_AUTH_ERROR, AUD_AUTH_ERROR_AUTHORIZATION,
                             _("Salesforce reported “%s”: %s. Check the login host and client id, "
                               "then connect again."), error_code, detail));
      return;
    }

  if (code == NULL || *code == '\0')
    {
      self->rejected++;
      respond_page (msg, SOUP_STATUS_BAD_REQUEST, _("No sign-in code"),
                    _("This page did not come from a Salesforce sign-in. Return to Audiences."));
      return;
    }

  respond_page (msg, SOUP_STATUS_OK, _("Connected"),
                _("You can close this tab and return to Audiences."));
  finish (self, g_strdup (code), NULL);
}

AudLoopbackReceiver *
aud_loopback_receiver_new (guint       port,
                           const char *path,
                           const char *expected_state)
{
  AudLoopbackReceiver *self;

  g_return_val_if_fail (expected_state != NULL && *expected_state != '\0', NULL);

  self = g_object_new (AUD_TYPE_LOOPBACK_RECEIVER, NULL);
  self->port = port;
  if (path == NULL || *path == '\0')
    path = AUD_OAUTH_DEFAULT_PATH;
  self->path = *path == '/' ? g_strdup (path) : g_strconcat ("/", path, NULL);
  self->expected_state = g_strdup (expected_state);
  return self;
}

gboolean
aud_loopback_receiver_listen (AudLoopbackReceiver  *self,
                              GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  GSList *uris;

  g_return_val_if_fail (AUD_IS_LOOPBACK_RECEIVER (self), FALSE);
  g_return_val_if_fail (self->server == NULL, FALSE);

  self->server = soup_server_new ("server-header", "Audiences", NULL);
  soup_server_add_handler (self->server, NULL, server_callback, self, NULL);

  /* Both 127.0.0.1 and ::1: browsers resolve "localhost" to either. */
  if (!soup_server_listen_local (self->server, self->port, 0, &local_error))
    {
      g_clear_object (&self->server);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        g_set_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_PORT_IN_USE,
                     _("Port %u is already used by another program, so the browser cannot return to "
                       "Audiences. Close the program using it (another Audiences window or the "
                       "Salesforce CLI, for example) or change the callback port, then try again."),
                     self->port);
      else
        g_set_error (error, AUD_AUTH_ERROR, AUD_AUTH_ERROR_FAILED,
                     _("Could not listen for the browser on port %u: %s"), self->port, local_error->message);
      return FALSE;
    }

  uris = soup_server_get_uris (self->server);
  if (uris != NULL)
    self->port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return TRUE;
}

guint
aud_loopback_receiver_get_port (AudLoopbackReceiver *self)
{
  g_return_val_if_fail (AUD_IS_LOOPBACK_RECEIVER (self), 0);

  return self->port;
}

guint
aud_loopback_receiver_get_rejected (AudLoopbackReceiver *self)
{
  g_return_val_if_fail (AUD_IS_LOOPBACK_RECEIVER (self), 0);

  return self->rejected;
}

char *
aud_loopback_receiver_dup_redirect_uri (AudLoopbackReceiver *self)
{
  g_return_val_if_fail (AUD_IS_LOOPBACK_RECEIVER (self), NULL);

  return aud_oauth_redirect_uri (self->port, self->path);
}

static gboolean
timeout_cb (gpointer data)
{
  AudLoopbackReceiver *self = data;

  g_clear_pointer (&self->timeout_source, g_source_unref);
  finish (self, NULL,
          g_error_new_literal (AUD_AUTH_ERROR, AUD_AUTH_ERROR_TIMED_OUT,
                               _("The browser did not come back to Audiences in time. Connect again and "
                                 "finish signing in within a few minutes.")));
  return G_SOURCE_REMOVE;
}

static gboolean
cancel_idle_cb (gpointer data)
{
  AudLoopbackReceiver *self = data;

  finish (self, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Connecting was cancelled.")));
  return G_SOURCE_REMOVE;
}

/* May run in any thread: hop to the receiver's context. */
static void
cancelled_cb (GCancellable *cancellable,
              gpointer      data)
{
  AudLoopbackReceiver *self = data;
  g_autoptr(GSource) idle = g_idle_source_new ();

  g_source_set_callback (idle, cancel_idle_cb, g_object_ref (self), g_object_unref);
  g_source_attach (idle, g_task_get_context (self->task));
}

void
aud_loopback_receiver_wait_async (AudLoopbackReceiver *self,
                                  guint                timeout_seconds,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (AUD_IS_LOOPBACK_RECEIVER (self));
  g_return_if_fail (self->server != NULL);
  g_return_if_fail (self->task == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, aud_loopback_receiver_wait_async);

  if (self->done)
    {
      g_task_return_new_error (task, AUD_AUTH_ERROR, AUD_AUTH_ERROR_FAILED,
                               _("This sign-in is already over. Connect again."));
      return;
    }

  self->task = g_steal_pointer (&task);

  if (timeout_seconds > 0)
    {
      self->timeout_source = g_timeout_source_new_seconds (timeout_seconds);
      g_source_set_callback (self->timeout_source, timeout_cb, self, NULL);
      g_source_attach (self->timeout_source, g_task_get_context (self->task));
    }

  if (cancellable != NULL)
    {
      self->cancellable = g_object_ref (cancellable);
      self->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), self, NULL);
    }
}

char *
aud_loopback_receiver_wait_finish (AudLoopbackReceiver  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
aud_loopback_receiver_dispose (GObject *object)
{
  AudLoopbackReceiver *self = AUD_LOOPBACK_RECEIVER (object);

  stop_timers (self);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (aud_loopback_receiver_parent_class)->dispose (object);
}

static void
aud_loopback_receiver_finalize (GObject *object)
{
  AudLoopbackReceiver *self = AUD_LOOPBACK_RECEIVER (object);

  g_assert (self->task == NULL);
  aud_secret_free (self->code);
  g_clear_error (&self->error);
  g_free (self->path);
  aud_secret_free (self->expected_state);

  G_OBJECT_CLASS (aud_loopback_receiver_parent_class)->finalize (object);
}

static void
aud_loopback_receiver_class_init (AudLoopbackReceiverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = aud_loopback_receiver_dispose;
  object_class->finalize = aud_loopback_receiver_finalize;
}

static void
aud_loopback_receiver_init (AudLoopbackReceiver *self)
{
}
