"""The folium file's text helper: data text is safe in HTML and inside JavaScript template literals."""

import pytest

from geo.export import _html


@pytest.mark.parametrize("value, expected", [
    ("<b>fett</b>", "&lt;b&gt;fett&lt;/b&gt;"),
    ("</script><script>alert(1)</script>", "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"),
    ('<a href="http://evil">x</a>', "&lt;a href=&quot;http://evil&quot;&gt;x&lt;/a&gt;"),
    ("`${alert(1)}`", "&#96;&#36;{alert(1)}&#96;"),
    ("C:\\Temp\\", "C:&#92;Temp&#92;"),
    ("Müller & Söhne", "Müller &amp; Söhne"),
])
def test_html_escapes_markup_and_template_literal_syntax(value, expected):
    assert _html(value) == expected
    assert not set(_html(value)) & set("<>`$\\\"'")
