-- Computes the new salaries but changes nothing.
SELECT id, name, dept, salary + 500 FROM Employees WHERE dept = 'Sales';
