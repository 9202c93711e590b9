"""What readers see, only through ``Article.objects.published()``."""
