-- sql-update-raise: one UPDATE raising the salary of every employee of 'Sales' by 500.
-- Table: Employees(id, name, dept, salary). Only UPDATE of Employees is allowed. SQLite.
UPDATE Employees
SET salary = salary;
