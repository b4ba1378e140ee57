-- POSTs pre-made registration bodies (unique address and one-time form token each), every
-- body once: thread i of n sends bodies i, i+n, i+2n, ...
local bodies = {}
for line in io.lines(os.getenv("BENCH_BODIES")) do bodies[#bodies + 1] = line end
local threads = tonumber(os.getenv("BENCH_THREADS"))
local counter = 1

setup = function(thread)
  thread:set("id", counter)
  counter = counter + 1
end

init = function(args)
  next_body = id
end

request = function()
  local body = bodies[next_body] or bodies[#bodies]
  next_body = next_body + threads
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=" .. os.getenv("BENCH_CSRF"),
  }, body)
end

dofile(os.getenv("BENCH_REPORT"))
