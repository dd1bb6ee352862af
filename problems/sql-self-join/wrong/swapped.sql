-- Manager first.
SELECT m.name AS manager, e.name AS employee
FROM Employees e
LEFT JOIN Employees m ON m.id = e.manager_id;
