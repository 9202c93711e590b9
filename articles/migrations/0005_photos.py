# Reserved so that parallel work gets a linear migration history; operations are filled in by its owner.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_readers")]
    operations = []
