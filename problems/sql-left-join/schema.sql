CREATE TABLE Departments (
    id        INTEGER PRIMARY KEY,
    dept_name TEXT NOT NULL
);
CREATE TABLE Employees (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL,
    dept_id INTEGER          -- may be NULL, or name a department that does not exist
);
