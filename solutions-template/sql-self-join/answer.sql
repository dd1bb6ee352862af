-- sql-self-join: every employee's name (employee) with their manager's name (manager, or NULL).
-- Table: Employees(id, name, manager_id). One SELECT statement; SQLite.
SELECT name AS employee, NULL AS manager
FROM Employees;
