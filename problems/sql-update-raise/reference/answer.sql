UPDATE Employees SET salary = salary + 500 WHERE dept = 'Sales';
