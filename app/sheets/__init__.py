"""`seedbed import-sheet`: a programme's spreadsheet (XLSX or CSV, one row per fact) becomes
the domain's own commands.

- `layout.py`: the documented columns and kinds (and the template in `docs/`);
- `reading.py`: a file's bytes to rows of text cells (openpyxl, csv);
- `cells.py`: a cell's text to a value, or an error naming the column;
- `facts.py`: each kind's row to what it records (a command, a new stream, a person);
- `importer.py`: row keys, references between rows, all-or-nothing recording, the report.
"""
