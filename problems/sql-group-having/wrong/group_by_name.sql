-- Merges two departments that share a name.
SELECT d.dept_name, count(*) AS employees, avg(e.salary) AS avg_salary
FROM Departments d
JOIN Employees e ON e.dept_id = d.id
GROUP BY d.dept_name
HAVING count(*) >= 2;
