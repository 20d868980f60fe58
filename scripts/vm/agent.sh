# The guest half of the JUnit tests' GuestVm (exporter/src/test/.../GuestVm.java), run by boot.sh:
# runs the commands the host drops into QUEUE, one at a time and in order. The host writes N.sh
# (N = 1, 2, …); the agent runs it with bash and leaves its output in N.out and its exit status
# in N.status (written last, by a rename: once it exists, N.out is complete). A file named
# "poweroff" ends the agent and so the guest. "ready" tells the host the guest is up.
queue=${1:?usage: agent.sh QUEUE_DIR}
# bash's read -t on a FIFO nobody writes to is a sleep without a fork each time round the loop.
mkfifo /run/agent-idle
exec 9<> /run/agent-idle
echo "$(uname -r) $(cut -d' ' -f1 /proc/uptime)" > "$queue/ready.tmp"
mv "$queue/ready.tmp" "$queue/ready"
n=1
while :; do
  if [ -e "$queue/$n.sh" ]; then
    bash "$queue/$n.sh" > "$queue/$n.out" 2>&1 < /dev/null
    echo $? > "$queue/$n.status.tmp"
    mv "$queue/$n.status.tmp" "$queue/$n.status"
    n=$((n + 1))
  elif [ -e "$queue/poweroff" ]; then
    exit 0
  else
    read -r -t 0.05 -u 9 || :
  fi
done
