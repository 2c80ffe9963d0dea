"""Digital signatures in the workflow: certificates per person and per agency, the signed PDF of an issued
document, and its verification on the document page and in the API. The signing itself is
``congvan.vbhc.signing`` (pure Python)."""
