#!/usr/bin/env python3
"""Execute tests/notebooks/concord_demo.ipynb headless against a run directory.

    python tests/python/run_notebook.py RUN_DIR [--notebook NB] [--out EXECUTED.ipynb]

Sets CONCORD_RUN_DIR=RUN_DIR for the kernel, runs every cell in a fresh Python
kernel (nbclient, the current interpreter's ipykernel) and exits 1 naming the
first cell that failed. It also checks that the plot came out as an inline
image. With --out, the executed notebook (outputs included) is written there.

Exit status: 0 all cells ran, 1 a cell failed or a check did not hold, 2 usage
or setup error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_NOTEBOOK = ROOT / "tests" / "notebooks" / "concord_demo.ipynb"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path, help="directory written by `concord run`")
    parser.add_argument("--notebook", type=Path, default=DEFAULT_NOTEBOOK)
    parser.add_argument("--out", type=Path, help="write the executed notebook here")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args()

    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError
    except ImportError as err:
        print(
            f"run_notebook: {err}; install tests/python/requirements.txt",
            file=sys.stderr,
        )
        return 2

    run_dir = args.run_dir.resolve()
    if not (run_dir / "manifest.json").is_file():
        print(f"run_notebook: {run_dir} is not a Concord run directory (no manifest.json)", file=sys.stderr)
        return 2
    if not args.notebook.is_file():
        print(f"run_notebook: no notebook at {args.notebook}", file=sys.stderr)
        return 2

    nb = nbformat.read(args.notebook, as_version=4)
    # The kernel inherits this process's environment.
    os.environ["CONCORD_RUN_DIR"] = str(run_dir)
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    client = NotebookClient(
        nb,
        timeout=args.timeout,
        kernel_name="python3",
        # Run from the notebook's own directory, as Jupyter would.
        resources={"metadata": {"path": str(args.notebook.resolve().parent)}},
    )
    failed: str | None = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as err:
        failed = str(err)
    finally:
        if args.out:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, args.out)

    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    if failed is not None:
        index = next(
            (i for i, c in enumerate(code_cells) if any(o.get("output_type") == "error" for o in c.get("outputs", []))),
            None,
        )
        where = f"code cell {index + 1} of {len(code_cells)}" if index is not None else "a cell"
        print(f"run_notebook: {where} failed in {args.notebook}:\n{failed}", file=sys.stderr)
        return 1

    unexecuted = [i + 1 for i, c in enumerate(code_cells) if c.get("execution_count") is None]
    if unexecuted:
        print(f"run_notebook: code cells {unexecuted} did not run", file=sys.stderr)
        return 1
    images = sum(
        1 for c in code_cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})
    )
    if images == 0:
        print("run_notebook: the notebook produced no inline plot (image/png output)", file=sys.stderr)
        return 1
    print(f"notebook ok: {len(code_cells)} code cells ran on {run_dir}, {images} inline plot(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
