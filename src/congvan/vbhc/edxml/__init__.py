"""edXML (QCVN 102:2016/BTTTT) messages in pure Python: read, write, validate. No Django here.

from congvan.vbhc.edxml import read_message, write_edoc, write_status, EdxmlError
"""

from .attachments import extract_zip
from .document_id import DocumentIdParts, make_document_id, split_document_id
from .errors import EdxmlError
from .json_view import from_json, to_json
from .limits import DEFAULT_LIMITS, Limits
from .model import (
    BUSINESS_NEW,
    BUSINESS_RECALL,
    BUSINESS_REPLACE,
    BUSINESS_UPDATE,
    NAMESPACE,
    STATUS_CODES,
    Attachment,
    Business,
    BusinessDocumentInfo,
    Code,
    DocumentType,
    EdocMessage,
    Message,
    Organization,
    OtherInfo,
    PromulgationInfo,
    Receiver,
    ReplacementInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusMessage,
    TraceHeader,
)
from .reader import read_message, read_message_file
from .schema import schema_errors
from .writer import build_edoc_tree, build_status_tree, write_edoc, write_status

__all__ = [
    "BUSINESS_NEW",
    "BUSINESS_RECALL",
    "BUSINESS_REPLACE",
    "BUSINESS_UPDATE",
    "DEFAULT_LIMITS",
    "NAMESPACE",
    "STATUS_CODES",
    "Attachment",
    "Business",
    "BusinessDocumentInfo",
    "Code",
    "DocumentIdParts",
    "DocumentType",
    "EdocMessage",
    "EdxmlError",
    "Limits",
    "Message",
    "Organization",
    "OtherInfo",
    "PromulgationInfo",
    "Receiver",
    "ReplacementInfo",
    "ResponseFor",
    "SignerInfo",
    "StaffInfo",
    "StatusMessage",
    "TraceHeader",
    "build_edoc_tree",
    "build_status_tree",
    "extract_zip",
    "from_json",
    "make_document_id",
    "read_message",
    "read_message_file",
    "schema_errors",
    "split_document_id",
    "to_json",
    "write_edoc",
    "write_status",
]
