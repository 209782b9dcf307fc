/* aud-client-factory.c — builds a Salesforce client on whichever thread asks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "aud-client-factory.h"

struct _AudClientFactory
{
  GObject         parent_instance;

  GMutex          lock;
  AudCredentials *credentials;
  char           *instance_url;
  char           *api_version;
};

G_DEFINE_FINAL_TYPE (AudClientFactory, aud_client_factory, G_TYPE_OBJECT)

AudClientFactory *
aud_client_factory_new (void)
{
  return g_object_new (AUD_TYPE_CLIENT_FACTORY, NULL);
}

void
aud_client_factory_set (AudClientFactory *self,
                        AudCredentials   *credentials,
                        const char       *instance_url,
                        const char       *api_version)
{
  g_return_if_fail (AUD_IS_CLIENT_FACTORY (self));

  g_mutex_lock (&self->lock);
  g_set_object (&self->credentials, credentials);
  g_free (self->instance_url);
  self->instance_url = g_strdup (instance_url);
  g_free (self->api_version);
  self->api_version = g_strdup (api_version);
  g_mutex_unlock (&self->lock);
}

AudSalesforceClient *
aud_client_factory_create (AudClientFactory  *self,
                           GError           **error)
{
  g_autoptr(AudCredentials) credentials = NULL;
  g_autofree char *instance_url = NULL;
  g_autofree char *api_version = NULL;

  g_return_val_if_fail (AUD_IS_CLIENT_FACTORY (self), NULL);

  g_mutex_lock (&self->lock);
  credentials = self->credentials != NULL ? g_object_ref (self->credentials) : NULL;
  instance_url = g_strdup (self->instance_url);
  api_version = g_strdup (self->api_version);
  g_mutex_unlock (&self->lock);

  if (credentials == NULL || instance_url == NULL)
    {
      g_set_error (error, AUD_CRM_ERROR, AUD_CRM_ERROR_NEEDS_RECONNECT,
                   _("Salesforce is not connected. Connect on the Connection page (or run “audiences connect”), then sync."));
      return NULL;
    }

  return aud_salesforce_client_new (credentials, instance_url, api_version);
}

AudSalesforceClient *
aud_client_factory_create_for_sync (gpointer   factory,
                                    GError   **error)
{
  return aud_client_factory_create (AUD_CLIENT_FACTORY (factory), error);
}

static void
aud_client_factory_finalize (GObject *object)
{
  AudClientFactory *self = AUD_CLIENT_FACTORY (object);

  g_clear_object (&self->credentials);
  g_free (self->instance_url);
  g_free (self->api_version);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (aud_client_factory_parent_class)->finalize (object);
}

static void
aud_client_factory_class_init (AudClientFactoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = aud_client_factory_finalize;
}

static void
aud_client_factory_init (AudClientFactory *self)
{
  g_mutex_init (&self->lock);
}
