"""Private file storage for publications and exports: never under a public URL, served by views."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under RESEARCH_FILES_ROOT, read at each use so tests can point it elsewhere."""

    @property
    def base_location(self):
        return str(settings.RESEARCH_FILES_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _storage
