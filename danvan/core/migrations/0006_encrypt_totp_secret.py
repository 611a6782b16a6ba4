"""The TOTP secret is stored encrypted (Fernet, DANVAN_FIELD_KEYS) like the petitioners' identities.

The column becomes text (a token is longer than 64 characters), then the secrets already stored in clear are
encrypted in place with raw SQL (the field would try to decrypt them on the way in). Going back decrypts them.
"""

from django.db import migrations

import danvan.lib.fieldcrypt
from danvan.lib.fieldcrypt import PREFIX, decrypt, encrypt


def _rewrite(schema_editor, table, convert, wanted):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    with connection.cursor() as cur:
        cur.execute(f"SELECT id, totp_secret FROM {quote(table)} WHERE totp_secret <> ''")
        rows = [(pk, value) for pk, value in cur.fetchall() if value.startswith(PREFIX) is not wanted]
        for pk, value in rows:
            cur.execute(f"UPDATE {quote(table)} SET totp_secret = %s WHERE id = %s", [convert(value), pk])


def encrypt_secrets(apps, schema_editor):
    _rewrite(schema_editor, apps.get_model("core", "User")._meta.db_table, encrypt, wanted=True)


def decrypt_secrets(apps, schema_editor):
    _rewrite(schema_editor, apps.get_model("core", "User")._meta.db_table, decrypt, wanted=False)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_add_rate_limit_buckets"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="totp_secret",
            field=danvan.lib.fieldcrypt.EncryptedCharField(blank=True, editable=False, verbose_name="khóa TOTP"),
        ),
        migrations.RunPython(encrypt_secrets, decrypt_secrets),
    ]
