"""Forms of the annual-report pages (validation only; the views call one service)."""

from __future__ import annotations

from django import forms

from gongkai_web.annual_reports.services import MAX_UPLOAD_BYTES

PROSE_LIMIT = 20000


class GenerateForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2008, max_value=2200)


class ProseForm(forms.Form):
    overview = forms.CharField(
        label="一、总体情况", widget=forms.Textarea(attrs={"rows": 8}), max_length=PROSE_LIMIT
    )
    problems = forms.CharField(
        label="五、存在的主要问题及改进情况",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=PROSE_LIMIT,
        required=False,
    )
    other = forms.CharField(
        label="六、其他需要报告的事项",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=PROSE_LIMIT,
        required=False,
    )


class ImportForm(forms.Form):
    file = forms.FileField(label="历史年报文件（文本、HTML、DOCX、PDF 或 JSON）")

    def clean_file(self) -> object:
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"文件过大，上限为 {MAX_UPLOAD_BYTES // 1024 // 1024} MB。")
        return f
