"""Reading the upload: the bytes checked, the workbook opened, every cell parsed (text, dates, choices,
lists) into row records, and every cell that cannot be into a RowError. Nothing here looks at the
database."""

from __future__ import annotations

import datetime
import io
import re
import warnings
from typing import IO, Any

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .records import Row, RowError, _Problem, _Refused
from .spec import CLEAR, COLUMNS, DATE_DIGITS, DATE_TEXT, LIST_SPLIT, XLSX_MAGIC, Col


def _read_upload(upload: IO[bytes]) -> bytes:
    limit = settings.IMPORT_MAX_BYTES
    size = getattr(upload, "size", None)
    if size is None or size <= limit:
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(limit + 1)
        if len(data) <= limit:
            if not data.startswith(XLSX_MAGIC):
                raise _Refused(_("This is not an Excel workbook (.xlsx) that can be read. Save it in Excel or "
                                 "WPS as “Excel workbook (*.xlsx)” and upload it again."))
            return data
    raise _Refused(_("The file is larger than %(size)s.") % {"size": filesizeformat(limit)})


def _raw(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.replace("\u3000", " ").strip()
    return value


def _as_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def _parse_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    text = str(value)
    match = DATE_TEXT.match(text) or DATE_DIGITS.match(text)
    if match:
        try:
            parsed = datetime.date(*(int(g) for g in match.groups()))
        except ValueError:
            parsed = None
        if parsed and 1900 <= parsed.year <= 2100:
            return parsed
    raise _Problem("", _("“%(value)s” is not a date. Write it like 2020-09-01.") % {"value": text})


def _convert(col: Col, raw: Any) -> Any:
    if col.kind == "date":
        return _parse_date(raw)
    text = _as_text(raw)
    if col.max_length and len(text) > col.max_length:
        raise _Problem("", _("Too long: at most %(max)s characters.") % {"max": col.max_length})
    if col.choices is not None:
        if text not in col.choices:
            raise _Problem("", _("“%(value)s” is not one of: %(choices)s.")
                           % {"value": text, "choices": "、".join(col.choices)})
        return col.choices[text]
    if col.kind == "email":
        try:
            validate_email(text)
        except ValidationError:
            raise _Problem("", _("“%(value)s” is not a valid email address.") % {"value": text}) from None
    if col.kind == "list":
        return [] if text == CLEAR else [part for part in LIST_SPLIT.split(text) if part]
    return text


def _header_name(value: Any) -> str:
    return re.sub(r"[*＊\s]|（必填）|\(必填\)", "", str(value or ""))


def _read_workbook(data: bytes) -> tuple[dict[str, list[Row]], list[RowError]]:
    """Every non-empty row of the three sheets, its cells converted; and every cell that could not be."""
    # Looked up on the package at call time, so patching dualleader.units.imports.MAX_ROWS takes effect.
    from . import MAX_ROWS, MAX_SCANNED_ROWS

    errors: list[RowError] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure to open means "not a workbook we can read"
        raise _Refused(_("This is not an Excel workbook (.xlsx) that can be read. Save it in Excel or WPS "
                         "as “Excel workbook (*.xlsx)” and upload it again.")) from None
    try:
        sheets = {name.strip(): wb[name] for name in wb.sheetnames}
        if not any(name in sheets for name in COLUMNS):
            raise _Refused(_("The workbook has none of the sheets %(sheets)s. Download the import template "
                             "and fill it in.") % {"sheets": "、".join(COLUMNS)})
        scanned = kept = 0
        rows: dict[str, list[Row]] = {name: [] for name in COLUMNS}
        for name, cols in COLUMNS.items():
            if name not in sheets:
                continue
            lines = sheets[name].iter_rows(values_only=True, max_col=60)
            positions = {}
            for i, cell in enumerate(next(lines, None) or ()):
                positions.setdefault(_header_name(cell), i)
            missing = [c for c in cols if c.required and c.header not in positions]
            for col in missing:
                errors.append(RowError(name, 1, col.header, _("This required column is missing.")))
            if missing:
                continue
            present = [(c, positions[c.header]) for c in cols if c.header in positions]
            example = {c.field: _raw(c.example) for c in cols}
            for number, cells in enumerate(lines, start=2):
                scanned += 1
                raw = {c.field: _raw(cells[i] if i < len(cells) else None) for c, i in present}
                if all(v == "" for v in raw.values()) or all(example[k] == v for k, v in raw.items()):
                    if scanned > MAX_SCANNED_ROWS:
                        raise _Refused(_("The file has too many rows: at most %(max)s.") % {"max": MAX_ROWS})
                    continue
                kept += 1
                if kept > MAX_ROWS:
                    raise _Refused(_("The file has too many rows: at most %(max)s.") % {"max": MAX_ROWS})
                row = Row(name, number, {})
                for col, _i in present:
                    value = raw[col.field]
                    if value == "":
                        if col.required:
                            errors.append(RowError(name, number, col.header, _("This value is required.")))
                        continue
                    try:
                        row.values[col.field] = _convert(col, value)
                    except _Problem as problem:
                        errors.append(RowError(name, number, col.header, problem.message))
                rows[name].append(row)
        return rows, errors
    finally:
        wb.close()
