B=build/brkit
ip netns add n; ip -n n link add br0 type bridge vlan_filtering 1; ip -n n link add p-0 type veth peer name q-0; ip -n n link set p-0 master br0
t() { s=$(date +%s%N); i=0; while [ $i -lt 10 ]; do "$@" >/dev/null; i=$((i+1)); done; e=$(date +%s%N); echo "$(( (e-s)/10000000 ))ms/run: $*"; }
$B -n n vlan set dev p-0 vids 10
t true
t /bin/busybox true
t $B -n n vlan set dev p-0 vids 10
t bridge -n n vlan del dev p-0 vid 5
t $B -n n vlan del dev p-0 vid 5
t bridge -n n vlan show dev p-0
t $B -n n vlan show dev p-0
s=$(date +%s%N); $B -n n vlan set dev p-0 vids 1-4094; e=$(date +%s%N); echo "up brkit $(( (e-s)/1000000 ))"
s=$(date +%s%N); $B -n n vlan set dev p-0 vids 10; e=$(date +%s%N); echo "down brkit $(( (e-s)/1000000 ))"
s=$(date +%s%N); bridge -n n vlan add dev p-0 vid 1-4094; e=$(date +%s%N); echo "up bridge $(( (e-s)/1000000 ))"
s=$(date +%s%N); bridge -n n vlan del dev p-0 vid 1-9; bridge -n n vlan del dev p-0 vid 11-4094;  e=$(date +%s%N); echo "down bridge $(( (e-s)/1000000 ))"
s=$(date +%s%N); $B -n n vlan set dev p-0 vids 1-4094; e=$(date +%s%N); echo "up brkit $(( (e-s)/1000000 ))"
s=$(date +%s%N); $B -n n vlan set dev p-0 vids 10; e=$(date +%s%N); echo "down brkit $(( (e-s)/1000000 ))"
ldd /usr/bin/bridge; ldd $B
echo "x: 0 passed, 0 failed"
