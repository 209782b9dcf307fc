/* aud-loopback-receiver.h — a one-shot HTTP server on loopback that catches the OAuth redirect
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define AUD_TYPE_LOOPBACK_RECEIVER (aud_loopback_receiver_get_type ())
G_DECLARE_FINAL_TYPE (AudLoopbackReceiver, aud_loopback_receiver, AUD, LOOPBACK_RECEIVER, GObject)

/* port 0 picks a free port (tests); the real flow uses the registered callback port. */
AudLoopbackReceiver *aud_loopback_receiver_new         (guint                 port,
                                                        const char           *path,
                                                        const char           *expected_state);
gboolean             aud_loopback_receiver_listen      (AudLoopbackReceiver  *self,
                                                        GError              **error);
guint                aud_loopback_receiver_get_port    (AudLoopbackReceiver  *self);
char                *aud_loopback_receiver_dup_redirect_uri (AudLoopbackReceiver *self);
guint                aud_loopback_receiver_get_rejected (AudLoopbackReceiver *self);

/* Completes with the authorization code (a secret: free with aud_secret_free). Must be called
 * from the thread whose main context was the thread default at listen time. */
void                 aud_loopback_receiver_wait_async  (AudLoopbackReceiver  *self,
                                                        guint                 timeout_seconds,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
char                *aud_loopback_receiver_wait_finish (AudLoopbackReceiver  *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
