"""The generated README blocks: marker replacement and the results block."""

import pytest

from ailabor.errors import InputError
from ailabor.report.summary import END, START, readme_block, replace_block, update_readme


def test_replace_block_and_results_section(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n{START}\nold numbers\n{END}\nrest\n")
    summary = tmp_path / "results_summary.md"
    summary.write_text("## Results: dataset `x`\n\n### Headline numbers\n\n| a |\n|---|\n| 1 |\n")
    assert update_readme(readme, [summary])
    text = readme.read_text()
    assert "old numbers" not in text and text.startswith("intro\n") and text.endswith("rest\n")
    assert "### Results: dataset `x`" in text and "#### Headline numbers" in text  # one level deeper
    assert readme_block([summary]) in text
    assert not update_readme(readme, [summary])  # already up to date
    with pytest.raises(InputError, match="markers"):
        replace_block(summary, START, END, "x")
