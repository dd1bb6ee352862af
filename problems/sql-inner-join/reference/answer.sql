SELECT e.name, d.dept_name
FROM Employees AS e
JOIN Departments AS d ON d.id = e.dept_id;
