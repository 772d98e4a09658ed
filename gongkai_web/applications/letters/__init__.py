"""The documents issued on an application, generated once as DOCX and frozen (bytes + SHA-256)."""
